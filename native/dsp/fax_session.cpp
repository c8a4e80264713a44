// T.30 fax over a voice channel on spandsp (see fax_session.h).
#include "dsp/fax_session.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "dsp/fax_tiff.h"
#include "dsp/level.h"

// spandsp.h expects libtiff's types to be declared first. The internal
// structures are exposed for two read-only checks (waitingForQuietLine and
// receivingImage): spandsp's public API cannot tell that T.30 is waiting
// for the line to clear, or which phase it is in. Field names and layout are those of the library we link against
// (same Debian package), and the check below pins the release.
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <tiffio.h>
#include <spandsp.h>
#include <spandsp/version.h>
// C++ builds of spandsp's telephony.h turn lrint() into a truncating cast.
#undef lrint
#undef lrintf

static_assert(SPANDSP_RELEASE_DATE == 20110122,
              "fax_session.cpp reads two fields of spandsp 0.0.6's t30_state_t (20110122 snapshot); "
              "check waitingForQuietLine() and receivingImage() against this spandsp first");

namespace tl::dsp {

namespace {

void copyText(char* out, size_t size, const char* in) {
  if (!in) in = "";
  std::strncpy(out, in, size - 1);
  out[size - 1] = '\0';
}

// spandsp reports resolutions in pixels per metre; we speak dpi.
int ppmToDpi(int ppm) {
  switch (ppm) {
    case T4_X_RESOLUTION_R8:
      return 204;
    case T4_Y_RESOLUTION_STANDARD:
      return 98;
    case T4_Y_RESOLUTION_FINE:
      return 196;
    case T4_Y_RESOLUTION_SUPERFINE:
      return 392;
    default:
      return static_cast<int>(std::lround(ppm * 0.0254));
  }
}

// T.30 has a transmission queued (next_phase set) but will not start it
// while the receiver reports a signal on the line (see queue_phase() in
// spandsp's t30.c). No T.30 timer runs in that state: if the "signal" never
// stops -- music, a voice, noise loud enough for the V.21 detector -- the
// call waits forever.
bool waitingForQuietLine(const fax_state_t* fax) {
  return fax->t30.next_phase != 0 /* T30_PHASE_IDLE */ && fax->t30.rx_signal_present;
}

// T.30 is receiving a page (T30_PHASE_C_NON_ECM_RX or T30_PHASE_C_ECM_RX,
// from t30.c's phase enumeration).
bool receivingImage(const fax_state_t* fax) { return fax->t30.phase == 5 || fax->t30.phase == 7; }

double meanSquare(const int16_t* x, size_t n) {
  int64_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += int32_t{x[i]} * x[i];
  return n ? static_cast<double>(sum) / static_cast<double>(n) : 0.0;
}

bool printableAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// The modem families offered for a bit-rate cap (see the header); -1 if the
// cap cannot be honoured.
int modemsFor(int maxBitRate, bool send) {
  switch (maxBitRate) {
    case 14400:
      return T30_SUPPORT_V17 | T30_SUPPORT_V29 | T30_SUPPORT_V27TER;
    case 12000:
    case 9600:
      return T30_SUPPORT_V29 | T30_SUPPORT_V27TER;
    case 7200:
    case 4800:
      return T30_SUPPORT_V27TER;
    case 2400:
      // No modem bits in our DIS = "V.27ter fallback mode" (2400 only).
      return send ? -1 : 0;
    default:
      return -1;
  }
}

}  // namespace

const char* faxEventKindName(FaxEventKind kind) {
  switch (kind) {
    case FaxEventKind::PhaseB:
      return "phase-b";
    case FaxEventKind::Page:
      return "page";
    case FaxEventKind::PhaseE:
      return "phase-e";
  }
  return "unknown";
}

FaxSession::FaxSession() = default;

FaxSession::~FaxSession() {
  abort();
  release();
}

void FaxSession::release() {
  if (fax_) fax_free(fax_);
  fax_ = nullptr;
  t30_ = nullptr;
}

bool FaxSession::start(const FaxOptions& options, std::string* error) {
  if (fax_) {
    *error = "this fax session has already been started";
    return false;
  }
  if (options.localIdent.size() > T30_MAX_IDENT_LEN || !printableAscii(options.localIdent)) {
    *error = "local fax ident \"" + options.localIdent + "\" must be at most 20 printable ASCII characters";
    return false;
  }
  if (options.headerInfo.size() > T30_MAX_PAGE_HEADER_INFO || !printableAscii(options.headerInfo)) {
    *error = "fax page header must be at most 50 printable ASCII characters";
    return false;
  }
  const int modems = modemsFor(options.maxBitRate, options.send);
  if (modems < 0) {
    *error = options.maxBitRate == 2400
                 ? "maxBitRate 2400 can only be used to receive (spandsp cannot hold a transmitter at 2400 bit/s)"
                 : "maxBitRate " + std::to_string(options.maxBitRate) +
                       " is not one of 14400, 12000, 9600, 7200, 4800, 2400";
    return false;
  }
  FaxDocumentInfo doc;
  if (options.send ? !inspectFaxTiff(options.file, &doc, error) : !checkFaxReceivePath(options.file, error)) {
    return false;
  }

  fax_state_t* fax = fax_init(nullptr, options.calling ? 1 : 0);
  if (!fax) {
    *error = "spandsp could not create a fax context (out of memory)";
    return false;
  }
  t30_state_t* t30 = fax_get_t30_state(fax);
  // Already SPAN_LOG_NONE by default; set explicitly so nothing is ever
  // printed from the DSP thread, whatever the library's defaults become.
  span_log_set_level(fax_get_logging_state(fax), SPAN_LOG_NONE);
  span_log_set_level(t30_get_logging_state(t30), SPAN_LOG_NONE);
  fax_set_transmit_on_idle(fax, 1);
  fax_set_tep_mode(fax, 0);

  t30_set_tx_ident(t30, options.localIdent.c_str());
  if (!options.headerInfo.empty()) t30_set_tx_page_header_info(t30, options.headerInfo.c_str());
  t30_set_ecm_capability(t30, options.ecm ? 1 : 0);
  // T.6 needs ECM (T.30 Annex A): offer it only with ECM.
  t30_set_supported_compressions(t30, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION |
                                          (options.ecm ? T30_SUPPORT_T6_COMPRESSION : 0));
  t30_set_supported_modems(t30, modems);
  if (options.send) {
    t30_set_tx_file(t30, options.file.c_str(), -1, -1);
  } else {
    t30_set_rx_encoding(t30, T4_COMPRESSION_ITU_T6);
    t30_set_rx_file(t30, options.file.c_str(), -1);
  }
  t30_set_phase_b_handler(t30, &FaxSession::onPhaseB, this);
  t30_set_phase_d_handler(t30, &FaxSession::onPhaseD, this);
  t30_set_phase_e_handler(t30, &FaxSession::onPhaseE, this);

  fax_ = fax;
  t30_ = t30;
  noiseGate_ = options.noiseGate;
  gateCap_ = std::pow(dbm0ToRms(kGateCapDbm0), 2);
  gateCount_ = 0;
  gateNext_ = 0;
  stallSamples_ = 0;
  sending_ = options.send;
  calling_ = options.calling;
  pagesInDocument_ = options.send ? doc.pages : 0;
  samples_ = 0;
  pages_ = 0;
  bitRate_ = 0;
  ecm_ = false;
  xRes_ = yRes_ = 0;
  remoteIdent_[0] = '\0';
  final_ = {};
  head_.store(0, std::memory_order_relaxed);
  tail_.store(0, std::memory_order_relaxed);
  finished_.store(false, std::memory_order_release);
  return true;
}

void FaxSession::process(const int16_t* rx, int16_t* tx, size_t n) {
  if (!fax_ || finished_.load(std::memory_order_relaxed)) {
    std::fill(tx, tx + n, int16_t{0});
    return;
  }
  for (size_t done = 0; done < n;) {
    const size_t m = std::min(kChunk, n - done);
    samples_ += m;
    if (noiseGate_ && gateClosed(rx + done, m)) {
      std::fill(scratch_, scratch_ + m, int16_t{0});
    } else {
      std::copy(rx + done, rx + done + m, scratch_);
    }
    fax_rx(fax_, scratch_, static_cast<int>(m));
    const int made = fax_tx(fax_, tx + done, static_cast<int>(m));
    const size_t got = made > 0 ? static_cast<size_t>(made) : 0;
    if (got < m) std::fill(tx + done + got, tx + done + m, int16_t{0});
    done += m;
    stallSamples_ = waitingForQuietLine(fax_) ? stallSamples_ + m : 0;
    if (stallSamples_ >= kStallSamples && !finished_.load(std::memory_order_relaxed)) {
      // Give up as T.30 would had spandsp run a timer here. If T.30 had
      // already failed (it was waiting to send its DCN) keep its reason.
      // Terminating closes the document; our handler ignores its phase E.
      t30_stats_t st;
      t30_get_transfer_statistics(t30_, &st);
      onPhaseE(t30_, this, st.current_status != T30_ERR_OK ? st.current_status : T30_ERR_HDLC_CARRIER);
      t30_terminate(t30_);
    }
    if (finished_.load(std::memory_order_relaxed)) {
      std::fill(tx + done, tx + n, int16_t{0});
      return;
    }
  }
}

bool FaxSession::gateClosed(const int16_t* x, size_t n) {
  // The noise floor is the quietest block of the last ~5 s, leaving out the
  // blocks of pages being received: a page is one long signal, and letting
  // it into the window would make a weak page its own "floor". A block
  // within 6 dB of the floor carries no signal. The threshold never exceeds
  // -36 dBm0, so louder blocks always pass.
  const double p = meanSquare(x, n);
  if (!receivingImage(fax_)) {
    gatePower_[gateNext_] = p;
    gateNext_ = (gateNext_ + 1) % kGateWindow;
    if (gateCount_ < kGateWindow) ++gateCount_;
  }
  if (gateCount_ == 0) return false;
  double floor = gatePower_[0];
  for (size_t i = 1; i < gateCount_; ++i) floor = std::min(floor, gatePower_[i]);
  const double threshold = std::min(floor * 3.98, gateCap_);  // +6 dB
  return p < threshold;
}

size_t FaxSession::takeEvents(FaxEvent* out, size_t max) {
  const uint32_t head = head_.load(std::memory_order_acquire);
  uint32_t tail = tail_.load(std::memory_order_relaxed);
  size_t count = 0;
  while (tail != head && count < max) {
    out[count++] = ring_[tail % kMaxEvents];
    ++tail;
  }
  tail_.store(tail, std::memory_order_release);
  return count;
}

FaxResult FaxSession::result() const {
  if (finished_.load(std::memory_order_acquire)) return final_;
  FaxResult r;
  copyText(r.t30Text, sizeof r.t30Text, fax_ ? "in progress" : "not started");
  r.pagesInDocument = pagesInDocument_;
  r.sending = sending_;
  r.calling = calling_;
  return r;
}

void FaxSession::abort() {
  if (!fax_ || finished_.load(std::memory_order_acquire)) return;
  // Runs the phase E handler (with T30_ERR_CALLDROPPED unless the call was
  // already ending) and closes the document.
  t30_terminate(t30_);
  if (!finished_.load(std::memory_order_acquire)) onPhaseE(t30_, this, T30_ERR_CALLDROPPED);
}

void FaxSession::updateFromStats(bool pageDone) {
  t30_stats_t st;
  t30_get_transfer_statistics(t30_, &st);
  pages_ = sending_ ? st.pages_tx : st.pages_rx;
  // The bit rate is meaningful once a DIS/DCS fixed it (phase B) or a page
  // went; before that spandsp reports its starting entry.
  bitRate_ = st.bit_rate;
  ecm_ = st.error_correcting_mode != 0;
  if (pageDone && st.x_resolution > 0 && st.y_resolution > 0) {
    xRes_ = ppmToDpi(st.x_resolution);
    yRes_ = ppmToDpi(st.y_resolution);
  }
  copyText(remoteIdent_, sizeof remoteIdent_, t30_get_rx_ident(t30_));
}

void FaxSession::push(FaxEventKind kind, int32_t code) {
  const uint32_t head = head_.load(std::memory_order_relaxed);
  const uint32_t tail = tail_.load(std::memory_order_acquire);
  // The last slot is kept for phase E, so the end is never lost.
  const uint32_t limit = kind == FaxEventKind::PhaseE ? kMaxEvents : kMaxEvents - 1;
  if (head - tail >= limit) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  FaxEvent& e = ring_[head % kMaxEvents];
  e.kind = kind;
  e.pages = pages_;
  e.code = code;
  e.bitRate = bitRate_;
  e.ecm = ecm_;
  copyText(e.remoteIdent, sizeof e.remoteIdent, remoteIdent_);
  e.lineMs = static_cast<uint32_t>(samples_ / 8);
  head_.store(head + 1, std::memory_order_release);
}

int FaxSession::onPhaseB(t30_state_s* /*t30*/, void* user, int fcf) {
  auto* self = static_cast<FaxSession*>(user);
  self->updateFromStats(false);
  self->push(FaxEventKind::PhaseB, fcf);
  return T30_ERR_OK;
}

int FaxSession::onPhaseD(t30_state_s* /*t30*/, void* user, int fcf) {
  auto* self = static_cast<FaxSession*>(user);
  const int before = self->pages_;
  self->updateFromStats(true);
  if (self->pages_ > before) self->push(FaxEventKind::Page, fcf);
  return T30_ERR_OK;
}

void FaxSession::onPhaseE(t30_state_s* /*t30*/, void* user, int code) {
  auto* self = static_cast<FaxSession*>(user);
  if (self->finished_.load(std::memory_order_relaxed)) return;
  const int pagesBefore = self->pages_;
  const int rateBefore = self->bitRate_;
  const bool ecmBefore = self->ecm_;
  self->updateFromStats(false);
  // After the document is closed spandsp's statistics fall back to its
  // starting entry: keep what the pages and phase B reported.
  if (pagesBefore > 0 || rateBefore > 0) {
    self->bitRate_ = rateBefore;
    self->ecm_ = ecmBefore;
  } else {
    self->bitRate_ = 0;
    self->ecm_ = false;
  }
  FaxResult& r = self->final_;
  r = {};
  r.success = code == T30_ERR_OK;
  r.t30Code = code;
  copyText(r.t30Text, sizeof r.t30Text, t30_completion_code_to_str(code));
  r.pages = self->pages_;
  r.pagesInDocument = self->pagesInDocument_;
  r.bitRate = self->bitRate_;
  r.ecm = self->ecm_;
  copyText(r.remoteIdent, sizeof r.remoteIdent, self->remoteIdent_);
  r.xRes = self->xRes_;
  r.yRes = self->yRes_;
  r.durationMs = static_cast<int>(self->samples_ / 8);
  r.sending = self->sending_;
  r.calling = self->calling_;
  self->push(FaxEventKind::PhaseE, code);
  self->finished_.store(true, std::memory_order_release);
}

}  // namespace tl::dsp
