#pragma once
#include "cli/command.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli adapt RUN [RUN...] --task NAME [--shots 1,2,5,10,20] [--episodes 20] [--l2 0.01]
// [--normalization l2|none] [--seed 0] [--step N] [--no-random] [--threads N] [--csv FILE]`:
// few-shot adaptation of each run's frozen trunk to a task (engine/trunk_adaptation.h; Wang, Zhao
// & Li 2021): a new L2 logistic-regression head on k training samples per class, test accuracy
// over seeded episodes, per trunk and k the mean, std and 95 % interval, plus the first run's
// network at initialisation as a floor. Each trunk's result is stored in its run directory
// (adaptation.json, engine/adaptation_store.h) unless --no-store.
class AdaptCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_runs;
    std::string m_task;
    std::vector<int> m_shots { 1, 2, 5, 10, 20 };
    int m_episodes = 20;
    double m_l2 = 1e-2;
    std::string m_normalization = "l2";
    std::uint64_t m_seed = 0;
    long long m_step = -1;
    bool m_noRandom = false;
    bool m_noStore = false;
    int m_threads = 0;
    std::string m_csv;
};

} // namespace mtw::cli
