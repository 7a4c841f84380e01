#include "scf/merkle/hex.h"

#include <algorithm>

namespace smecredit::scf {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

}  // namespace

std::string to_hex(ByteSpan bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    text.push_back(kHexDigits[b >> 4]);
    text.push_back(kHexDigits[b & 0x0f]);
  }
  return text;
}

Result<std::vector<uint8_t>> bytes_from_hex(std::string_view text) {
  if (text.size() % 2 != 0) {
    return invalid("hex has an odd number of digits (" + std::to_string(text.size()) + ")");
  }
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) {
      const size_t bad = high < 0 ? i : i + 1;
      return invalid("not a hex digit at position " + std::to_string(bad + 1));
    }
    bytes.push_back(static_cast<uint8_t>(high << 4 | low));
  }
  return bytes;
}

Result<Digest> digest_from_hex(std::string_view text) {
  SC_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, bytes_from_hex(text));
  if (bytes.size() != kDigestBytes) {
    return invalid("a digest is 32 bytes (64 hex digits), got " + std::to_string(bytes.size()) +
                   " bytes");
  }
  Digest digest;
  std::copy(bytes.begin(), bytes.end(), digest.begin());
  return digest;
}

Result<std::vector<Digest>> proof_from_hex(std::string_view text) {
  std::vector<Digest> proof;
  if (text.empty()) return proof;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string_view element = text.substr(start, comma - start);
    Result<Digest> digest = digest_from_hex(element);
    if (!digest.ok()) {
      return invalid("proof element " + std::to_string(proof.size() + 1) + ": " +
                     (element.empty() ? std::string("empty") : digest.error().message));
    }
    proof.push_back(digest.value());
    if (comma == std::string_view::npos) return proof;
    start = comma + 1;
  }
}

std::string proof_to_hex(std::span<const Digest> proof) {
  std::string text;
  for (const Digest& element : proof) {
    if (!text.empty()) text.push_back(',');
    text += to_hex(element);
  }
  return text;
}

Result<std::vector<std::vector<uint8_t>>> entries_from_hex_lines(std::string_view text) {
  std::vector<std::vector<uint8_t>> entries;
  if (text.empty()) return entries;
  if (text.back() == '\n') text.remove_suffix(1);
  size_t start = 0;
  while (true) {
    const size_t newline = text.find('\n', start);
    Result<std::vector<uint8_t>> entry = bytes_from_hex(text.substr(start, newline - start));
    if (!entry.ok()) {
      return invalid("line " + std::to_string(entries.size() + 1) + ": " + entry.error().message);
    }
    entries.push_back(std::move(entry).value());
    if (newline == std::string_view::npos) return entries;
    start = newline + 1;
  }
}

}  // namespace smecredit::scf
