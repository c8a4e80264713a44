// The DAHDI kernel interface, and nothing else: opening and configuring
// channels and the timer through ioctl(), reading span status and events.
// Every failure comes back as a sentence an operator can act on (which
// file, which span and timeslot, what to check in /etc/dahdi/system.conf).
//
// How a channel is opened (the same steps Asterisk's chan_dahdi/sig_pri and
// FreeTDM's DAHDI I/O module take):
//   open("/dev/dahdi/channel", O_RDWR | O_NONBLOCK), DAHDI_SPECIFY(channo),
//   DAHDI_GET_PARAMS to check that the channel is the expected timeslot of
//   the expected span and carries the expected signalling, then
//   - B-channel ("bchan=" in system.conf, DAHDI_SIG_CLEAR): DAHDI_SET_BLOCKSIZE
//     = tickSamples, DAHDI_SET_BUFINFO (immediate transmit, a few blocks of
//     buffering), DAHDI_SETLAW, DAHDI_AUDIOMODE on, DAHDI_FLUSH;
//   - D-channel ("hardhdlc=", DAHDI_SIG_HARDHDLC, or "dchan=", HDLCFCS):
//     DAHDI_SET_BUFINFO with 1024-byte buffers for whole frames.
#pragma once

#include <cstdint>
#include <string>

#include "card/card_backend.h"
#include "card/dahdi/fd_io.h"

namespace tl::card {

enum class DahdiChannelRole : uint8_t { Bearer, DChannel };

struct DahdiChannelRequest {
  std::string device;  // "/dev/dahdi/channel"
  int span = 0;        // DAHDI span number
  int timeslot = 0;    // 1-31
  int channo = 0;      // DAHDI channel number
  DahdiChannelRole role = DahdiChannelRole::Bearer;
  uint32_t blockBytes = 160;  // Bearer only
  Companding law = Companding::Alaw;
};

// Opens and configures one channel; on failure returns an invalid fd and
// sets *error.
UniqueFd openDahdiChannel(const DahdiChannelRequest& request, std::string* error);

// DAHDI_SPANSTAT for span `span` through any open DAHDI channel descriptor.
// Sets *dahdiAlarms (DAHDI_ALARM_* bits) and returns true, or returns false
// when the span does not exist (any more).
bool readDahdiSpanAlarms(int fd, int span, int* dahdiAlarms);

// DAHDI_GETEVENT: the next event queued on the descriptor, DAHDI_EVENT_NONE
// (0) when none, -1 when the ioctl failed.
int nextDahdiEvent(int fd);

// Opens the timer and sets it to expire every tickSamples samples of the
// DAHDI master span clock.
UniqueFd openDahdiTimer(const std::string& device, uint32_t tickSamples, std::string* error);
// DAHDI_TIMERACK for one expiration.
bool acknowledgeDahdiTimer(int fd);

// The DAHDI channel number of timeslot 1 of `span`: sysfs's basechan when
// DAHDI publishes it under `sysfsRoot`, else 31 * (span - 1) + 1.
int dahdiBaseChannel(const std::string& sysfsRoot, int span);

// Checks that the channel selector device can be opened at all; the message
// tells missing drivers apart from missing permissions.
bool checkDahdiDevice(const std::string& device, std::string* error);

}  // namespace tl::card
