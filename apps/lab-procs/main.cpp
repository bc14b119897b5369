#include "child/model_main.hpp"

int main(int argc, char** argv) { return lab::model_main(argc, argv, "procs"); }
