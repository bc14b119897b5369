#pragma once
// The whole of a model executable (lab-serial, lab-threads, lab-procs, lab-async, lab-fibers):
//   lab-MODEL --scenario=NAME [--set key=value]...     run once, one JSON line on stdout
//   lab-MODEL --worker=K/N --scenario=NAME [--set ...]  procs' exec worker: run slice K of N
//   lab-MODEL --unit=exit | --unit=hold                 a bare unit for spawn (procs exec)
// The driver `lab` starts these and measures them from outside.
#include <string>


namespace lab {

// The model is the one registered under model_name (models/factories.hpp).
int model_main(int argc, char** argv, const std::string& model_name);

}  // namespace lab
