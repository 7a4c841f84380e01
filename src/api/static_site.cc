#include "api/static_site.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "api/problem.h"
#include "security/digest.h"

namespace smecredit::api {

namespace {

namespace fs = std::filesystem;

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "cannot read " + path.string()};
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The URL path of a file under `root`: "/" + its relative path with '/'.
std::string url_path(const fs::path& root, const fs::path& file) {
  return "/" + fs::relative(file, root).generic_string();
}

bool is_spa_route(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view last = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  return last.find('.') == std::string_view::npos;
}

void add_common_headers(HttpResponse& response) {
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const Entry& e : kTypes) {
    if (file_name.ends_with(e.extension)) return e.type;
  }
  return "application/octet-stream";
}

Result<StaticSite> StaticSite::load(const std::string& root, StaticSiteLimits limits) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return Error{ErrorCode::kNotFound, root + " is not a directory (build the console: web/)"};
  }
  StaticSite site;
  size_t total_bytes = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::file_status status = it->symlink_status(ec);
    if (ec || !fs::is_regular_file(status)) continue;  // directories, symlinks, devices
    if (site.files_.size() >= limits.max_files) {
      return Error{ErrorCode::kOutOfRange,
                   root + " holds more than " + std::to_string(limits.max_files) + " files"};
    }
    SC_ASSIGN_OR_RETURN(std::string body, read_file(it->path()));
    total_bytes += body.size();
    if (total_bytes > limits.max_total_bytes) {
      return Error{ErrorCode::kOutOfRange,
                   root + " is larger than " + std::to_string(limits.max_total_bytes) + " bytes"};
    }
    const std::string name = url_path(root, it->path());
    File file{
        .content_type = std::string(content_type_for(name)), .body = std::move(body), .etag = ""};
    file.etag = "\"" + security::to_hex(security::sha256(file.body)).substr(0, 32) + "\"";
    site.files_.emplace(name, std::move(file));
  }
  if (ec) return Error{ErrorCode::kNotFound, "cannot list " + root + ": " + ec.message()};
  if (!site.files_.contains("/index.html")) {
    return Error{ErrorCode::kNotFound, root + " has no index.html (build the console: web/)"};
  }
  return site;
}

HttpResponse StaticSite::serve(const HttpRequest& request) const {
  const std::string_view path =
      request.path == "/" ? std::string_view("/index.html") : std::string_view(request.path);
  if (const auto it = files_.find(path); it != files_.end()) {
    return answer(it->first, it->second, request);
  }
  if (is_spa_route(path)) {
    const auto index = files_.find("/index.html");
    return answer(index->first, index->second, request);
  }
  HttpResponse missing =
      problem_response(404, "not_found", "Not Found", "no such file", request.trace_id);
  add_common_headers(missing);
  return missing;
}

HttpResponse StaticSite::answer(const std::string& name, const File& file,
                                const HttpRequest& request) const {
  HttpResponse response;
  add_common_headers(response);
  response.headers.emplace_back("ETag", file.etag);
  // Vite names everything under /assets/ by its content hash: it never changes.
  response.headers.emplace_back("Cache-Control", name.starts_with("/assets/")
                                                     ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
  if (request.header("if-none-match") == file.etag) {
    response.status = 304;
    response.content_type = file.content_type;
    return response;
  }
  response.content_type = file.content_type;
  response.body = file.body;
  return response;
}

}  // namespace smecredit::api
