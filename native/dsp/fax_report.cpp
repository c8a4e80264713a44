// JSON text for fax events and results (see fax_report.h).
#include "dsp/fax_report.h"

#include <cstdio>

namespace tl::dsp {

namespace {

void appendString(std::string& out, const char* s) {
  out += '"';
  for (const char* p = s; *p; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7E) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void field(std::string& out, const char* name, long long value) {
  out += ",\"";
  out += name;
  out += "\":";
  out += std::to_string(value);
}

void field(std::string& out, const char* name, bool value) {
  out += ",\"";
  out += name;
  out += value ? "\":true" : "\":false";
}

void field(std::string& out, const char* name, const char* value) {
  out += ",\"";
  out += name;
  out += "\":";
  appendString(out, value);
}

}  // namespace

std::string faxEventJson(const FaxEvent& e) {
  std::string out = "{\"phase\":";
  appendString(out, faxEventKindName(e.kind));
  field(out, "pages", static_cast<long long>(e.pages));
  field(out, "code", static_cast<long long>(e.code));
  field(out, "bitRate", static_cast<long long>(e.bitRate));
  field(out, "ecm", e.ecm);
  field(out, "remoteIdent", e.remoteIdent);
  field(out, "lineMs", static_cast<long long>(e.lineMs));
  out += '}';
  return out;
}

std::string faxResultJson(const FaxResult& r) {
  std::string out = "{\"success\":";
  out += r.success ? "true" : "false";
  field(out, "code", static_cast<long long>(r.t30Code));
  field(out, "text", r.t30Text);
  field(out, "pages", static_cast<long long>(r.pages));
  field(out, "pagesInDocument", static_cast<long long>(r.pagesInDocument));
  field(out, "bitRate", static_cast<long long>(r.bitRate));
  field(out, "ecm", r.ecm);
  field(out, "remoteIdent", r.remoteIdent);
  field(out, "xRes", static_cast<long long>(r.xRes));
  field(out, "yRes", static_cast<long long>(r.yRes));
  field(out, "durationMs", static_cast<long long>(r.durationMs));
  field(out, "sending", r.sending);
  field(out, "calling", r.calling);
  out += '}';
  return out;
}

}  // namespace tl::dsp
