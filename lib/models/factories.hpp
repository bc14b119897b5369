#pragma once
// Where a model's executable finds the model to build: each model's file registers its
// factory under its catalog name (lib/catalog/models.cpp), so adding a model lists it in no
// other file. Registration runs when liblabcore.so is loaded: a shared object keeps and
// initialises every one of its files, referenced or not.
#include <string_view>

#include "models/model.hpp"

namespace lab {

// At namespace scope in a model's file: `const register_model registered{"fibers", make};`.
struct register_model {
  register_model(std::string_view name, model_factory make);
};

// The factory registered under `name`; usage_error naming the registered ones if there is none.
const model_factory& model_factory_of(std::string_view name);

}  // namespace lab
