// The failing execution of a report as a picture.
//
// write_chrome_trace: Chrome trace-event JSON (open it in https://ui.perfetto.dev or
// chrome://tracing): one track per simulated thread, a slice per operation with its
// file:line, blocked intervals, flow arrows from the operation that woke a thread to its
// wakeup, instant markers for injected cancellations, buggify failures, fired timeouts
// and the failure itself. The time axis is the order of events, with virtual time added
// where it advanced.
// write_html_trace: the same as one self-contained HTML file (inline SVG and a little
// JavaScript, no network), for machines without Perfetto.
// Both are written from the report, so they show exactly what the text report shows.
// explore() writes both for every failure when options::trace_dir (WEFT_TRACE_DIR) is set.
#pragma once

#include <iosfwd>

#include <weft/report.hpp>

WEFT_BEGIN_NAMESPACE

void write_chrome_trace(const report& r, std::ostream& out);
void write_html_trace(const report& r, std::ostream& out);

WEFT_END_NAMESPACE
