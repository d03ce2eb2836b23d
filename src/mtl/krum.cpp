#include "mtl/krum.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::mtl {

Krum::Krum(int byzantineCount, int selectedCount, bool squaredDistances)
    : m_byzantineCount(byzantineCount)
    , m_selectedCount(selectedCount)
    , m_squared(squaredDistances)
{
}

void Krum::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const auto tasks = static_cast<int>(G.rows());
    if (tasks < m_selectedCount || (tasks < m_byzantineCount + 3 && m_selectedCount != tasks))
        throw std::invalid_argument(
            "Krum needs at least n_byzantine + 3 and n_selected tasks, got " + std::to_string(tasks));
    output.weights = VectorXd::Zero(tasks);
    if (m_selectedCount == tasks) { // every row is averaged: no scores needed
        output.weights.setConstant(1.0 / tasks);
        return;
    }
    const int neighbours = tasks - m_byzantineCount - 2;

    std::vector<double> scores(static_cast<std::size_t>(tasks));
    std::vector<double> distances;
    for (int i = 0; i < tasks; ++i) {
        distances.clear();
        for (int j = 0; j < tasks; ++j)
            if (j != i)
                distances.push_back(std::max(G(i, i) + G(j, j) - 2.0 * G(i, j), 0.0));
        // The square root is monotone: the same neighbours either way, only the sum differs.
        std::partial_sort(distances.begin(), distances.begin() + neighbours, distances.end());
        if (!m_squared)
            std::transform(distances.begin(), distances.begin() + neighbours, distances.begin(),
                [](double squared) { return std::sqrt(squared); });
        scores[static_cast<std::size_t>(i)] = std::accumulate(distances.begin(), distances.begin() + neighbours, 0.0);
    }
    std::vector<int> order(static_cast<std::size_t>(tasks));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
        [&scores](int a, int b) { return scores[static_cast<std::size_t>(a)] < scores[static_cast<std::size_t>(b)]; });

    for (int k = 0; k < m_selectedCount; ++k)
        output.weights(order[static_cast<std::size_t>(k)]) = 1.0 / m_selectedCount;
}

} // namespace mtw::mtl
