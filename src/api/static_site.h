// The web console's files (web/dist), served at `/` by the API server.
//
// StaticSite::load reads every regular file under a directory into memory
// once, at start-up; serving is then a lookup of the request path among the
// names read. Nothing on disk is opened per request, so no request path --
// "..", encoded or not, or a symlink placed later -- can reach a file outside
// the directory. Symlinks are skipped at load.
//
// Answers: the file with its content type, a strong ETag (304 on
// If-None-Match), `Cache-Control: immutable` for Vite's content-hashed
// /assets/, `no-cache` for the rest; a path whose last segment has no
// extension is a route of the single-page application and gets index.html;
// anything else is 404. Every answer carries a strict Content-Security-Policy
// (scripts and connections to this origin only) and nosniff.
//
// Thread-safety: immutable after load; share it between the server threads.
//
// Example:
//   Result<StaticSite> site = StaticSite::load("web/dist");
//   router.set_site_fallback([s = std::make_shared<StaticSite>(std::move(site).value())](
//       const HttpRequest& r) { return s->serve(r); });
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "api/http_types.h"
#include "core/result.h"

namespace smecredit::api {

struct StaticSiteLimits {
  size_t max_files = 2'000;
  size_t max_total_bytes = size_t{64} * 1024 * 1024;
};

class StaticSite {
 public:
  // kNotFound when `root` is not a directory or has no index.html;
  // kOutOfRange beyond the limits.
  static Result<StaticSite> load(const std::string& root, StaticSiteLimits limits = {});

  HttpResponse serve(const HttpRequest& request) const;

  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string etag;  // quoted
  };

  HttpResponse answer(const std::string& name, const File& file, const HttpRequest& request) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, e.g. "/assets/index-3f2a.js"
};

// The content type for a file name's extension; application/octet-stream
// when unknown.
std::string_view content_type_for(std::string_view file_name);

}  // namespace smecredit::api
