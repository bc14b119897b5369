#pragma once
// Self-registration, for the lists whose entries live in files of their own (models'
// factories, scenarios' catalog entries, runners and report parts): each file adds its entry
// when its shared object loads, so adding one lists it in no other file. A shared object
// keeps and initialises every one of its files, referenced or not; the list is a
// function-local static, made on first use, so the order files initialise in does not matter.
#include <vector>

namespace lab {

// The entries of type Entry registered so far. Read them after loading (at run time), never
// from another file's static initialiser.
template <typename Entry>
std::vector<Entry>& registered() {
  static std::vector<Entry> all;
  return all;
}

// Every registered maker's product, in registration order.
template <typename T>
std::vector<T> make_registered() {
  std::vector<T> made;
  for (auto make : registered<T (*)()>()) made.push_back(make());
  return made;
}

}  // namespace lab
