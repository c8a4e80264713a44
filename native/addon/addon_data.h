// Per-environment state of the addon (node-addon-api instance data): the JS
// error constructor and every card still open, so that when the environment
// goes away (process exit, worker termination) each card's threads are
// stopped and joined even if JavaScript never called close().
#pragma once

#include <napi.h>

#include <set>

namespace tl::addon {

class CardWrap;

struct AddonData {
  Napi::FunctionReference errorClass;
  Napi::FunctionReference cardConstructor;
  std::set<CardWrap*> openCards;
};

AddonData* addonData(Napi::Env env);

}  // namespace tl::addon
