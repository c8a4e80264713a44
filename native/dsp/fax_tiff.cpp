// Fax document checks (see fax_tiff.h).
#include "dsp/fax_tiff.h"

#include <sys/stat.h>
#include <tiffio.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace tl::dsp {

namespace {

// Receives libtiff's messages for one open file.
struct TiffMessages {
  std::string first;
};

int onTiffMessage(TIFF*, void* user, const char* module, const char* fmt, va_list args) {
  auto* messages = static_cast<TiffMessages*>(user);
  if (messages->first.empty()) {
    char text[512];
    std::vsnprintf(text, sizeof text, fmt, args);
    messages->first = module && *module ? std::string(module) + ": " + text : std::string(text);
  }
  return 1;  // handled: libtiff prints nothing
}

int onTiffWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

struct TiffCloser {
  void operator()(TIFF* t) const { TIFFClose(t); }
};

std::string fail(const std::string& path, const std::string& what) { return path + ": " + what; }

// Maps a resolution to one of the standard values within 5%; 0 if none.
int standardDpi(float value, uint16_t unit, const int* standards, size_t count) {
  const double dpi = unit == RESUNIT_CENTIMETER ? value * 2.54 : value;
  for (size_t i = 0; i < count; ++i) {
    if (std::fabs(dpi - standards[i]) <= standards[i] * 0.05) return standards[i];
  }
  return 0;
}

bool checkPage(TIFF* tif, int page, const std::string& path, FaxDocumentInfo* info, std::string* error) {
  const std::string where = "page " + std::to_string(page);
  if (TIFFIsTiled(tif)) {
    *error = fail(path, where + " is stored in tiles; a fax page must be stored in strips");
    return false;
  }
  uint16_t bits = 1;
  uint16_t samples = 1;
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
  if (bits != 1 || samples != 1) {
    *error = fail(path, where + " has " + std::to_string(samples) + " sample(s) of " + std::to_string(bits) +
                            " bit(s) per pixel; a fax page must be black and white, 1 bit per pixel (TIFF/F)");
    return false;
  }
  uint16_t photometric = PHOTOMETRIC_MINISWHITE;
  if (TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) && photometric != PHOTOMETRIC_MINISWHITE &&
      photometric != PHOTOMETRIC_MINISBLACK) {
    *error = fail(path, where + " has photometric interpretation " + std::to_string(photometric) +
                            "; a fax page must be MinIsWhite (or MinIsBlack)");
    return false;
  }
  uint32_t width = 0;
  uint32_t length = 0;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &length);
  if (width != 1728 && width != 2048 && width != 2432) {
    *error = fail(path, where + " is " + std::to_string(width) +
                            " pixels wide; a fax page must be 1728, 2048 or 2432 pixels wide (A4, B4 or A3 at 204 dpi)");
    return false;
  }
  if (length == 0) {
    *error = fail(path, where + " has no rows");
    return false;
  }
  // Every row is decoded below: a forged length of millions would hold the
  // caller for minutes. 16,384 rows is over a metre at 392 dpi.
  static constexpr uint32_t kMaxRows = 16384;
  if (length > kMaxRows) {
    *error = fail(path, where + " is " + std::to_string(length) + " rows long; a fax page has at most " +
                            std::to_string(kMaxRows) + " rows");
    return false;
  }
  float xres = 0;
  float yres = 0;
  uint16_t unit = RESUNIT_INCH;
  TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
  if (!TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres) || !TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres) ||
      (unit != RESUNIT_INCH && unit != RESUNIT_CENTIMETER)) {
    *error = fail(path, where + " has no resolution in dots per inch or per centimetre; a fax page must be "
                                "204 dpi across and 98, 196 or 392 dpi down");
    return false;
  }
  static constexpr int kX[] = {204};
  static constexpr int kY[] = {98, 196, 392};
  const int xDpi = standardDpi(xres, unit, kX, 1);
  const int yDpi = standardDpi(yres, unit, kY, 3);
  if (xDpi == 0 || yDpi == 0) {
    char res[96];
    std::snprintf(res, sizeof res, "%.0fx%.0f %s", static_cast<double>(xres), static_cast<double>(yres),
                  unit == RESUNIT_CENTIMETER ? "dots per cm" : "dpi");
    *error = fail(path, where + " is " + res + "; a fax page must be 204 dpi across and 98, 196 or 392 dpi down");
    return false;
  }
  if (page == 1) {
    info->width = static_cast<int>(width);
    info->xDpi = xDpi;
    info->yDpi = yDpi;
  }
  std::vector<uint8_t> row(static_cast<size_t>(TIFFScanlineSize(tif)) + 1);
  for (uint32_t r = 0; r < length; ++r) {
    if (TIFFReadScanline(tif, row.data(), r, 0) < 0) {
      *error = fail(path, where + ": row " + std::to_string(r + 1) + " of " + std::to_string(length) +
                              " cannot be decoded (the file is damaged or truncated)");
      return false;
    }
  }
  return true;
}

}  // namespace

bool inspectFaxTiff(const std::string& path, FaxDocumentInfo* info, std::string* error) {
  *info = {};
  if (path.empty()) {
    *error = "no fax document given";
    return false;
  }
  if (path.size() > 255) {
    *error = fail(path, "the path is longer than 255 characters (spandsp's limit)");
    return false;
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    *error = fail(path, errno == ENOENT ? "no such file" : std::string("cannot open: ") + std::strerror(errno));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *error = fail(path, "not a regular file");
    return false;
  }
  if (::access(path.c_str(), R_OK) != 0) {
    *error = fail(path, std::string("cannot read: ") + std::strerror(errno));
    return false;
  }
  TiffMessages messages;
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options, onTiffMessage, &messages);
  TIFFOpenOptionsSetWarningHandlerExtR(options, onTiffWarning, nullptr);
  std::unique_ptr<TIFF, TiffCloser> tif(TIFFOpenExt(path.c_str(), "r", options));
  TIFFOpenOptionsFree(options);
  if (!tif) {
    *error = fail(path, "not a TIFF file" + (messages.first.empty() ? std::string() : " (" + messages.first + ")"));
    return false;
  }
  int page = 0;
  do {
    ++page;
    if (!checkPage(tif.get(), page, path, info, error)) return false;
  } while (TIFFReadDirectory(tif.get()));
  if (!messages.first.empty()) {
    *error = fail(path, "damaged TIFF after page " + std::to_string(page) + " (" + messages.first + ")");
    return false;
  }
  info->pages = page;
  return true;
}

bool checkFaxReceivePath(const std::string& path, std::string* error) {
  if (path.empty()) {
    *error = "no file given to receive the fax into";
    return false;
  }
  if (path.size() > 255) {
    *error = fail(path, "the path is longer than 255 characters (spandsp's limit)");
    return false;
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      *error = fail(path, "is a directory");
      return false;
    }
    if (::access(path.c_str(), W_OK) != 0) {
      *error = fail(path, std::string("cannot be overwritten: ") + std::strerror(errno));
      return false;
    }
    return true;
  }
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = fail(path, "the directory " + dir + " does not exist");
    return false;
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    *error = fail(path, "the directory " + dir + " is not writable: " + std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace tl::dsp
