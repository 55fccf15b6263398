// Which build of weft this translation unit sees.
//
// WEFT_SIM is set to 1 by the weft::sim CMake target and left undefined by weft::shims.
// The two builds declare everything inside different inline namespaces, so a program that
// mixes objects compiled against both fails to link instead of silently breaking the ODR.
#pragma once

#ifndef WEFT_SIM
#define WEFT_SIM 0
#endif

#if WEFT_SIM
#define WEFT_BEGIN_NAMESPACE namespace weft { inline namespace sim_v1 {
#else
#define WEFT_BEGIN_NAMESPACE namespace weft { inline namespace native_v1 {
#endif
#define WEFT_END_NAMESPACE } }
