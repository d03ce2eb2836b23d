#pragma once
// The per-step series of one run's database (engine/run_store.h), reduced to one value per
// recorded step by SQL (or one pass over the rows where SQL cannot), and their summaries.
// Series (a step counts only where the series has a value; NULLs, i.e. non-finite values, are left out):
//   conflict_fraction   steps.conflict_fraction: fraction of task-gradient pairs with negative cosine
//   direction_norm      steps.direction_norm: |d|, the norm of the update direction
//   slowdown            mean over tasks of task_steps.slowdown (<g_t, d> / |g_t|^2)
//   grad_norm_ratio     max_t |g_t| / min_t |g_t| (steps where a norm is missing or 0 are left out)
//   weight_entropy      -sum_t p_t ln p_t, p_t = |w_t| / sum_s |w_s| (nats; 0 ln 0 = 0; steps with a
//                       missing weight or all weights 0 are left out); ln T for equal weights
//   cosine_mean         mean over pairs i < j of the matrices table's cosine (kind 'cosine') entries,
//                       one value per stored matrix (every diagnostics.matrix_every steps)
//   cosine_with.<task>  mean over j != t of cos(g_t, g_j), per stored matrix (T >= 2)
//   layer_cosine_mean.L<k>  cosine_mean over shared layer k's parameters (kind 'cosine@L<k> ...')
//   cka_mean            mean over pairs i < j of the heads' linear CKA (kind 'cka')
//   slowdown.<task>     task_steps.slowdown of that task (the first-order r_t)
//   extra.<name>        the extras table's values of that name (method-specific numbers)
// Summaries of the values v_1..v_N in step order:
//   mean                (1/N) sum v_i
//   last                v_N
//   tail<k>             mean of the last m = ceil(k N / 100) values, 1 <= k <= 100 (tail100 = mean)
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mtw::engine {

class RunSeries {
public:
    // Reads which series the database holds; throws RunStoreError when it cannot be opened.
    explicit RunSeries(std::string databasePath);

    // The series with at least one value, fixed ones first, then extra.<name> in name order.
    const std::vector<std::string>& available() const { return m_available; }
    static const std::vector<std::string>& fixedSeries();
    static std::string describe(const std::string& series);

    // The series' values in step order; throws RunStoreError for an unknown series name.
    std::vector<double> values(const std::string& series) const;

    // statistic: mean, last or tail<k>; nullopt with `reason` for an unknown statistic or no values.
    static std::optional<double> summarize(
        const std::vector<double>& values, const std::string& statistic, std::string& reason);
    static bool isStatistic(const std::string& statistic);

private:
    std::string m_path;
    std::vector<std::string> m_available;
    std::vector<std::string> m_tasks;
    std::map<std::string, std::string> m_layerKinds; // layer_cosine_mean.L<k> and cka_mean -> matrix kind
};

} // namespace mtw::engine
