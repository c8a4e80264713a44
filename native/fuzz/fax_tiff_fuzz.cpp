// The fax document check (dsp/fax_tiff.cpp) on hostile files: documents to
// send come from uploads and the records store. Whatever the bytes,
// inspectFaxTiff() must return; what it accepts must be a document spandsp
// can send, and what it refuses must say so starting with the path.
#include <cstdint>

#include "dsp/fax_tiff.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tl::fuzz::MemoryFile file(data, size);
  tl::dsp::FaxDocumentInfo info;
  std::string error;
  if (!tl::dsp::inspectFaxTiff(file.path(), &info, &error)) {
    if (error.rfind(file.path() + ": ", 0) != 0) tl::fuzz::violated("error message does not start with the path");
#ifdef TL_FUZZ_CANARY
    // Every seed passes: a refusal on the second page means the check walked a mutant that far.
    if (error.find(": page 2") != std::string::npos) tl::fuzz::canaryReached("refused a mutant for its second page");
#endif
    return 0;
  }
  if (!error.empty()) tl::fuzz::violated("accepted with an error message");
  if (info.pages < 1) tl::fuzz::violated("accepted a document without pages");
  if (info.width != 1728 && info.width != 2048 && info.width != 2432) tl::fuzz::violated("accepted a width fax cannot send");
  if (info.xDpi != 204) tl::fuzz::violated("accepted a horizontal resolution fax cannot send");
  if (info.yDpi != 98 && info.yDpi != 196 && info.yDpi != 392) tl::fuzz::violated("accepted a vertical resolution fax cannot send");
  return 0;
}
