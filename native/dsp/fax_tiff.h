// Checks that a TIFF file is a fax document spandsp 0.0.6 can send.
//
// What it does
//   inspectFaxTiff() opens a TIFF, walks every page (directory) and checks
//   what spandsp's T.4 transmitter needs but would otherwise discover only in
//   the middle of a call (and then report as a bare T30_ERR_FILEERROR or,
//   worse, send a page at the wrong resolution):
//     - one sample of 1 bit per pixel (bilevel), stored in strips (spandsp
//       reads scanlines; tiled files cannot be read that way);
//     - photometric MinIsWhite or MinIsBlack (spandsp inverts the latter);
//     - width 1728, 2048 or 2432 pixels (A4, B4, A3 at 204 dpi);
//     - horizontal resolution 204 dpi and vertical 98, 196 or 392 dpi, each
//       within 5% (so 200x100 and 200x200 pass), in inches or centimetres
//       (spandsp silently takes anything it does not recognise as 204x98);
//     - every row of every page decodes (a truncated or corrupt file is
//       refused here, not half-way through a call).
//   On failure the message is for an operator and starts with the path, e.g.
//     "/var/fax/out/17.tiff: page 2 is 1000 pixels wide; a fax page must be
//      1728, 2048 or 2432 pixels wide (A4, B4 or A3 at 204 dpi)".
//   checkFaxReceivePath() checks that a received document can be written at
//   a path (the directory exists and is writable; the path is not a
//   directory; the path fits spandsp's 255-character file name).
//
// How
//   libtiff, opened with per-file error and warning handlers (TIFFOpenExt),
//   so libtiff's complaints become our message instead of lines on stderr
//   and no process-wide handler is changed. Decoding every row costs a few
//   milliseconds for a three-page document; this is file I/O: call it from
//   a thread that may block, never from the DSP path.
#pragma once

#include <string>

namespace tl::dsp {

struct FaxDocumentInfo {
  int pages = 0;
  int width = 0;  // pixels, of the first page
  int xDpi = 0;   // of the first page, rounded to the standard value (204)
  int yDpi = 0;   // 98, 196 or 392
};

// True if `path` is a fax document we can send; fills *info. Otherwise
// false, with an operator-readable *error.
bool inspectFaxTiff(const std::string& path, FaxDocumentInfo* info, std::string* error);

// True if a received fax can be written to `path`; otherwise false with *error.
bool checkFaxReceivePath(const std::string& path, std::string* error);

}  // namespace tl::dsp
