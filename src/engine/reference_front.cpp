#include "engine/reference_front.h"

#include "data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace mtw::engine {

double parseFiniteNumber(std::string_view text, const std::string& where)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        throw std::invalid_argument(where + ": '" + std::string(text) + "' is not a finite number");
    return value;
}

Eigen::MatrixXd readReferenceFront(const std::string& path, const std::vector<std::string>& tasks)
{
    data::CsvRecordReader reader(path, 1 << 16);
    if (!reader.next())
        throw std::invalid_argument(path + ": empty file (expected a header naming the tasks)");
    std::vector<std::size_t> columnOfTask;
    std::vector<std::string> header;
    for (std::string_view field : reader.fields())
        header.emplace_back(data::trimBlanks(field));
    for (const std::string& task : tasks) {
        const auto it = std::find(header.begin(), header.end(), task);
        if (it == header.end())
            throw std::invalid_argument(path + ":1: the header has no column '" + task + "'");
        columnOfTask.push_back(static_cast<std::size_t>(it - header.begin()));
    }
    std::vector<Eigen::VectorXd> rows;
    while (reader.next()) {
        const auto& fields = reader.fields();
        if (fields.size() != header.size())
            throw std::invalid_argument(path + ":" + std::to_string(reader.line()) + ": "
                + std::to_string(fields.size()) + " fields, the header has " + std::to_string(header.size()));
        Eigen::VectorXd row(static_cast<Eigen::Index>(tasks.size()));
        for (std::size_t k = 0; k < tasks.size(); ++k)
            row(static_cast<Eigen::Index>(k)) = parseFiniteNumber(data::trimBlanks(fields[columnOfTask[k]]),
                path + ":" + std::to_string(reader.line()) + ":" + header[columnOfTask[k]]);
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        throw std::invalid_argument(path + ": no points after the header");
    Eigen::MatrixXd front(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(tasks.size()));
    for (std::size_t k = 0; k < rows.size(); ++k)
        front.row(static_cast<Eigen::Index>(k)) = rows[k].transpose();
    return front;
}

} // namespace mtw::engine
