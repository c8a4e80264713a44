// JSON text for fax events and results (the engine's FaxPhase/FaxResult
// event strings, and the fax_socket_peer's output line).
//
// What it does
//   faxEventJson() and faxResultJson() write one compact JSON object each,
//   with stable field names, e.g.
//     {"phase":"page","pages":2,"code":140,"bitRate":14400,"ecm":true,
//      "remoteIdent":"+86 10 95588","lineMs":41230}
//     {"success":true,"code":0,"text":"OK","pages":3,"pagesInDocument":3,
//      "bitRate":14400,"ecm":true,"remoteIdent":"+86 10 95588","xRes":204,
//      "yRes":196,"durationMs":61880,"sending":true,"calling":false}
//   Idents come from the far end's frames and may hold any byte: quotes,
//   backslashes, control characters and bytes above 0x7E are escaped
//   (\u00XX, each byte taken as Latin-1), so the text is always valid JSON
//   and valid UTF-8.
//
// How
//   Plain string building; it allocates, so call it on the control thread
//   (after takeEvents()/result()), never in the DSP path.
#pragma once

#include <string>

#include "dsp/fax_session.h"

namespace tl::dsp {

std::string faxEventJson(const FaxEvent& event);
std::string faxResultJson(const FaxResult& result);

}  // namespace tl::dsp
