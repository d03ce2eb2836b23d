#pragma once
// The reference set of IGD / IGD+ (analysis/pareto.h) read from a CSV file: a header naming the
// tasks (any order, other columns allowed), then one row of values per point. Shared by `mtw-cli
// pareto --reference-front` and the Pareto view's "IGD reference set...".
#include <Eigen/Dense>

#include <string>
#include <string_view>
#include <vector>

namespace mtw::engine {

// The columns of `tasks`, in that order; throws std::invalid_argument with the file, line and
// column of what is wrong (no such column, a row of another width, a value that is not a finite
// number, no rows).
Eigen::MatrixXd readReferenceFront(const std::string& path, const std::vector<std::string>& tasks);

// The whole of `text` as a finite double; throws std::invalid_argument "<where>: '<text>' is not a
// finite number".
double parseFiniteNumber(std::string_view text, const std::string& where);

} // namespace mtw::engine
