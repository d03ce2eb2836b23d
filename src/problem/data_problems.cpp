// Registry entries of problems on data sets read from disk (Fashion-MNIST family, user CSV).
#include "problem/problem_registry.h"

namespace mtw::problem {

void registerDataProblems(ProblemRegistry&) { }

} // namespace mtw::problem
