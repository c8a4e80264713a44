// One T.30 fax call over a voice channel (G3 fax on 8 kHz audio), on spandsp.
//
// What it does
//   A FaxSession takes over a channel's audio while a fax is sent or
//   received: each block it consumes the received samples and produces the
//   samples to send, running the whole T.30 call -- CNG (calling side, 1100 Hz
//   0.5 s on / 3 s off) or CED (answering side, 2100 Hz), V.21 HDLC for the
//   handshakes, V.17 / V.29 / V.27ter for the pages, with or without ECM --
//   until phase E, when finished() turns true and result() says how it went.
//   Sending, it reads the pages of a TIFF/F file; receiving, it writes one
//   (T.6/G4 compressed, MinIsWhite, the resolution the far end sent). Either
//   side can be the calling or the answering party: which side sends the
//   document is independent of who called.
//   Progress is reported as FaxEvents (phase B: the far end identified and
//   the modem chosen; one per page transferred; phase E: the end), kept in
//   a fixed ring the caller drains after each block.
//
// Options
//   maxBitRate picks the modem families offered, never faster than it:
//     14400     V.17, V.29 and V.27ter (starts at 14400, falls back as far
//               as 2400 if training fails);
//     12000, 9600  V.29 and V.27ter (starts at 9600);
//     7200, 4800   V.27ter (starts at 4800);
//     2400      receiving only: our DIS advertises V.27ter's fallback mode,
//               so the far end sends at 2400. spandsp 0.0.6 has no way to
//               cap a transmitter at 2400, so start() refuses it for send.
//   spandsp 0.0.6 cannot cap the rate inside a modem family (V.17 at 12000),
//   hence the rounding down above. The choice holds whichever side sends:
//   sending, we only pick those modems; receiving, our DIS offers only those.
//   RECEIVING, PREFER 9600: spandsp 0.0.6's V.17 receiver often fails to
//   train for the page (V.17's short training) right after a good TCF: at
//   received levels between about -28 and -36 dBm0 on a clean line, and in
//   a quarter to three quarters of calls with white noise from -50 dBm0 up.
//   The call then fails (T30_ERR_RX_T2EXPFAX here, T30_ERR_TX_BADPG at the
//   sender) instead of falling back. V.29 works from 0 to -40 dBm0 received
//   and with -40 dBm0 of noise; V.27ter like V.29 but only up to -45 dBm0
//   of noise (native/test/fax_session_test prints the figures).
//   ecm: offer/accept error correction mode (and, with it, T.6 coding, which
//   T.30 allows only with ECM). Without ECM, line errors damage rows of the
//   received page instead of being retransmitted.
//   localIdent (TSI when sending, CSI when receiving) is at most 20
//   printable ASCII characters; headerInfo (printed by spandsp in a line of
//   its own font above each sent page, with date, time, ident and page
//   number; it adds 16 rows, 32 at fine resolution) at most 50; empty = no
//   header line, the pages go as they are.
//
// Line noise (noiseGate, on by default)
//   spandsp's V.21 receiver takes steady noise from about -47 dBm0 up for a
//   carrier. T.30 never transmits while it hears one, and no T.30 timer runs
//   while it waits: at -44 dBm0 and above a call stalls for ever. The gate
//   hides blocks of received audio that are only noise: it takes the
//   quietest 20 ms block of the last ~5 s as the noise floor (blocks of a
//   page being received do not count: the floor is held through a page)
//   and feeds spandsp silence for any block within 6 dB of it. The
//   threshold never exceeds -36 dBm0, so louder blocks always pass, and on
//   a clean line it sits far below anything real. With it, V.29 works with
//   white noise at -40 dBm0 both ways (without it, nothing does).
//
// Watchdog
//   Whatever the cause -- noise above the gate, music or a voice on the
//   line -- if T.30 has had a transmission queued behind a "signal" for 10 s
//   (T.30's longest V.21 message is 3 s + 15%), the session ends the call:
//   phase E with T.30's own error if it had one, else T30_ERR_HDLC_CARRIER
//   ("The HDLC carrier did not stop in a timely manner"). spandsp's public
//   API cannot see that state, so fax_session.cpp reads two fields of its
//   t30_state_t (compiled against the installed 0.0.6 headers, pinned by a
//   static_assert on the release date); the gate reads a third (the phase).
//
// Threads and real time
//   takeEvents(), finished(), result() and abort() belong to one control
//   thread (the engine's clock thread); process() to one DSP thread at a
//   time. The control thread never calls abort() while process() runs (the
//   engine's tick phases already guarantee this); events and the final
//   result cross with release/acquire ordering. start() may run on any
//   thread before the session is handed to the DSP thread: it decodes the
//   whole document to check it (about 2 ms per dense A4 page at 204x196 dpi
//   here), so a long document is better started off the clock thread.
//   process() does no allocation, locking or I/O of its own. spandsp does
//   some inside it, as its design requires: at the start of each page sent
//   it reads the whole page from the TIFF and encodes it (malloc, file
//   reads: the block that does it took up to ~6 ms for a dense page here);
//   receiving, it opens the output TIFF on the far end's DCS and writes each
//   page when the page ends (up to ~9 ms); at phase E it closes the file.
//   Those happen a few times per fax, not per block. Both T.4 directions
//   call localtime() (page header, TIFF DateTime): not reentrant, and the
//   first call in a process reads the time zone file.
//   spandsp's logging is off (we set every logging context to
//   SPAN_LOG_NONE); nothing is printed per sample. libtiff may still print
//   a warning to stderr through its process-wide handler if spandsp opens
//   an odd file; start() has checked the document with its own handlers.
//   abort() ends the call where it is (t30_terminate): the result is
//   T30_ERR_CALLDROPPED unless the call was already saying goodbye, and a
//   partly received document is closed with the pages completed so far
//   (spandsp deletes a received file that holds no page). It closes files:
//   call it when the call ends, not per block. The destructor aborts a call
//   still in progress.
//
// Timing
//   All T.30 timers run on the samples passed to process() (spandsp counts
//   them), so a session runs exactly as in real time when driven faster:
//   tests exchange blocks as fast as the CPU allows. With the watchdog,
//   every failure the tests provoke reaches phase E as long as process()
//   keeps being called (abort() ends any other at once): a silent far end
//   ends it after 60 s (calling: T0, T30_ERR_T0_EXPIRED) or
//   about 22 s (answering: three unanswered DIS, T30_ERR_RETRYDCN); a far
//   end gone mid-page after about 25 s (T30_ERR_TX_PHDDEAD when we send,
//   T30_ERR_RETRYDCN when we receive).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

struct fax_state_s;
struct t30_state_s;

namespace tl::dsp {

struct FaxOptions {
  bool send = false;      // true: transmit `file`; false: receive into `file`
  bool calling = false;   // true: we are the calling party (CNG), false: answering (CED)
  std::string file;       // TIFF/F to send, or the TIFF to write when receiving
  std::string localIdent; // T.30 TSI/CSI, at most 20 printable ASCII characters
  std::string headerInfo; // page header line for sent pages (at most 50 characters; "" = none)
  bool ecm = true;        // offer/accept error correction mode (and T.6 with it)
  int maxBitRate = 14400; // 14400, 12000, 9600, 7200, 4800, or 2400 (receive only): see above
  bool noiseGate = true;  // hide steady line noise from spandsp's detectors (see "Line noise")
};

// Matches the engine's EventType::FaxPhase "b" word.
enum class FaxEventKind : uint8_t {
  PhaseB = 1,  // the far end's DIS (we send) or DCS (we receive) arrived
  Page = 2,    // a page was transferred (confirmed by the receiver)
  PhaseE = 3,  // the call ended; result() is final
};

const char* faxEventKindName(FaxEventKind kind);  // "phase-b", "page", "phase-e"

// Fixed size, trivially copyable: safe to hand between threads by value.
struct FaxEvent {
  FaxEventKind kind = FaxEventKind::PhaseB;
  int32_t pages = 0;        // pages transferred so far
  // T.30 frame codes (FCF) are as received, with the X bit (the low bit,
  // set when the calling station sent the frame): see spandsp/t30_fcf.h.
  // PhaseB: the frame that started it: DIS (0x80) when we send, DCS (0x82)
  // when we receive;
  // Page: the post-page frame: the receiver's answer when we send (MCF
  // 0x8C), the sender's command when we receive (MPS 0x4E, EOP 0x2E...);
  // PhaseE: the T.30 completion code (T30_ERR_OK = 0 on success).
  int32_t code = 0;
  int32_t bitRate = 0;      // image bit rate chosen so far (bit/s), 0 if none yet
  bool ecm = false;         // error correction mode in use
  char remoteIdent[21] = {};// the far end's CSI/TSI as received ("" if none yet)
  uint32_t lineMs = 0;      // line time since start() (samples processed / 8)
};

struct FaxResult {
  bool success = false;     // phase E with T30_ERR_OK
  int t30Code = -1;         // T30_ERR_*; -1 while the call is in progress or never started
  char t30Text[128] = {};   // spandsp's text for t30Code ("OK", "Timed out waiting for the first message"...)
  int pages = 0;            // pages transferred (sent and confirmed, or received)
  int pagesInDocument = 0;  // pages of the document to send (0 when receiving)
  int bitRate = 0;          // bit rate of the last page (or as negotiated, if no page went), 0 if none
  bool ecm = false;
  char remoteIdent[24] = {};// the far end's CSI/TSI
  int xRes = 0;             // dpi of the last page transferred (204), 0 if none
  int yRes = 0;             // 98, 196 or 392; 0 if none
  int durationMs = 0;       // line time from start() to phase E
  bool sending = false;
  bool calling = false;
};

class FaxSession {
 public:
  static constexpr size_t kMaxEvents = 32;

  FaxSession();
  ~FaxSession();
  FaxSession(const FaxSession&) = delete;
  FaxSession& operator=(const FaxSession&) = delete;

  // Any thread, before the first process(). Checks the options and the
  // file (sending: the whole document, see fax_tiff.h; receiving: that it
  // can be written), then sets up spandsp. False with an operator-readable
  // *error if anything is wrong; the session can then be started again.
  // Once per session.
  bool start(const FaxOptions& options, std::string* error);

  // DSP thread, once per block (any n; the engine's 80 or 160): consumes n
  // received samples and writes n samples to send. Before start() and after
  // phase E it sends silence.
  void process(const int16_t* rx, int16_t* tx, size_t n);

  // Control thread, after a block: moves up to `max` events, oldest first.
  size_t takeEvents(FaxEvent* out, size_t max);
  // Events lost because the ring was full (a caller that never drains it).
  uint64_t droppedEvents() const { return dropped_.load(std::memory_order_relaxed); }

  bool started() const { return fax_ != nullptr; }
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // The final result once finished(); before that, t30Code -1 ("in progress").
  FaxResult result() const;

  // Control thread: the call ended (hangup) or the operator cancelled. Ends
  // the T.30 call at once; finished() is true afterwards. No effect if not
  // started or already finished.
  void abort();

 private:
  static int onPhaseB(t30_state_s* t30, void* user, int fcf);
  static int onPhaseD(t30_state_s* t30, void* user, int fcf);
  static void onPhaseE(t30_state_s* t30, void* user, int code);
  bool gateClosed(const int16_t* x, size_t n);
  void updateFromStats(bool pageDone);
  void push(FaxEventKind kind, int32_t code);
  void release();

  static constexpr size_t kChunk = 160;
  static constexpr size_t kGateWindow = 256;                 // blocks: 5.1 s of 160, 2.6 s of 80
  static constexpr double kGateCapDbm0 = -36.0;              // the gate never hides more than this
  static constexpr uint64_t kStallSamples = 10 * 8000;       // 10 s waiting for the line to clear

  fax_state_s* fax_ = nullptr;
  t30_state_s* t30_ = nullptr;
  bool sending_ = false;
  bool calling_ = false;
  int pagesInDocument_ = 0;
  uint64_t samples_ = 0;
  int16_t scratch_[kChunk] = {};  // fax_rx() works in place on its input
  bool noiseGate_ = true;
  double gateCap_ = 0;  // kGateCapDbm0 as a mean square
  double gatePower_[kGateWindow] = {};
  size_t gateCount_ = 0;
  size_t gateNext_ = 0;
  uint64_t stallSamples_ = 0;

  // Progress, written by the phase handlers (DSP thread, or the control
  // thread inside abort()); published to the control thread through
  // finished_ and the event ring.
  int pages_ = 0;
  int bitRate_ = 0;
  bool ecm_ = false;
  int xRes_ = 0;
  int yRes_ = 0;
  char remoteIdent_[21] = {};
  FaxResult final_{};
  std::atomic<bool> finished_{false};

  // Single-producer single-consumer ring of events.
  FaxEvent ring_[kMaxEvents] = {};
  std::atomic<uint32_t> head_{0};  // next to write (producer)
  std::atomic<uint32_t> tail_{0};  // next to read (consumer)
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace tl::dsp
