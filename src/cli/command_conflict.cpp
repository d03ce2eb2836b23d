#include "cli/command_conflict.h"

#include "cli/command_output.h"
#include "engine/snapshot.h"
#include "engine/stored_conflict.h"

#include <iomanip>
#include <iostream>

namespace mtw::cli {

namespace {

bool writeText(const std::string& path, const std::string& text)
{
    CommandOutput output(path);
    if (!output.ok())
        return false;
    output.stream() << text;
    return output.finish();
}

} // namespace

void ConflictCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("conflict",
        "Gradient conflict per shared layer, per-epoch conflict-angle boxes and the heads' CKA groups of a stored "
        "run (Roy et al. 2024)");
    subcommand->add_option("run", m_run, "Run directory")->required();
    subcommand
        ->add_option(
            "--layer", m_layer, "Layer of the angle boxes: 'all shared layers', a layer label or its prefix such as L2")
        ->capture_default_str();
    subcommand->add_option("--tau", m_tau, "CKA threshold of FairBranch's grouping (0.8 vision, 0.7 tabular)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    subcommand->add_option("--max-boxes", m_maxBoxes, "At most this many boxes (consecutive epochs merge)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    subcommand->add_option("--csv", m_csv, "Write every stored matrix: kind,step,epoch,task_i,task_j,value");
    subcommand->add_option("--boxes-csv", m_boxesCsv, "Write the angle boxes of every layer");
}

int ConflictCommand::execute()
{
    engine::StoredConflict conflict;
    try {
        conflict = engine::readStoredConflict(m_run);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    const engine::ConflictSeries* whole = conflict.find("cosine");
    if (!whole || whole->matrices.empty()) {
        std::cerr << "error: " << m_run << " stores no conflict matrices (diagnostics.matrix_every is 0)\n";
        return ExitBadInput;
    }
    const engine::ConflictSeries* chosen = engine::findConflictSeries(conflict, m_layer);
    if (!chosen || chosen->kind == engine::ckaKind) {
        std::cerr << "error: --layer '" << m_layer << "' names no single layer of this run; it has:";
        for (const engine::ConflictSeries& s : conflict.series)
            if (s.kind != engine::ckaKind)
                std::cerr << " '" << engine::conflictKindTitle(s.kind) << "'";
        std::cerr << "\n";
        return ExitBadInput;
    }

    std::cout << m_run << ": " << conflict.taskNames.size() << " tasks, " << whole->matrices.size()
              << " matrices, steps " << whole->steps.front() << " to " << whole->steps.back() << "\n\n";
    std::cout << std::left << std::setw(28) << "layer" << std::setw(12) << "mean cos"
              << "conflict share\n"
              << std::fixed << std::setprecision(3);
    for (const engine::ConflictSeries& s : conflict.series) {
        if (s.kind == engine::ckaKind)
            continue;
        double cosine = 0, share = 0;
        for (const Eigen::MatrixXd& m : s.matrices) {
            const engine::PairSummary pairs = engine::summarizePairs(m);
            cosine += pairs.mean;
            share += pairs.negativeShare;
        }
        const double n = static_cast<double>(s.matrices.size());
        std::cout << std::setw(28) << engine::conflictKindTitle(s.kind) << std::setw(12) << cosine / n << share / n
                  << "\n";
    }

    const std::vector<analysis::AngleBox> boxes = engine::angleBoxes(*chosen, m_maxBoxes);
    std::cout << "\nconflict angles per epoch, " << engine::conflictKindTitle(chosen->kind)
              << " (degrees; above 90 conflicts; whiskers min and max):\n"
              << std::right << std::setprecision(1) << std::setw(9) << "epochs" << std::setw(7) << "n" << std::setw(8)
              << "min" << std::setw(8) << "q1" << std::setw(8) << "median" << std::setw(8) << "q3" << std::setw(8)
              << "max" << std::setw(10) << "conflict\n";
    for (const analysis::AngleBox& b : boxes) {
        const std::string epochs = b.firstEpoch == b.lastEpoch
            ? std::to_string(b.firstEpoch + 1)
            : std::to_string(b.firstEpoch + 1) + "-" + std::to_string(b.lastEpoch + 1);
        std::cout << std::setw(9) << epochs << std::setw(7) << b.count << std::setw(8) << b.minimum << std::setw(8)
                  << b.lowerQuartile << std::setw(8) << b.median << std::setw(8) << b.upperQuartile << std::setw(8)
                  << b.maximum << std::setw(9) << std::setprecision(2) << b.conflictShare << std::setprecision(1)
                  << "\n";
    }

    if (const engine::ConflictSeries* cka = conflict.find(engine::ckaKind); cka && !cka->matrices.empty()) {
        const Eigen::MatrixXd& last = cka->matrices.back();
        std::cout << "\nCKA of the heads' representations at step " << cka->steps.back() << ":\n"
                  << std::setprecision(3);
        for (Eigen::Index i = 0; i < last.rows(); ++i) {
            std::cout << "  " << std::left << std::setw(16) << conflict.taskNames[static_cast<std::size_t>(i)]
                      << std::right;
            for (Eigen::Index j = 0; j < last.cols(); ++j)
                std::cout << std::setw(7) << last(i, j);
            std::cout << "\n";
        }
        std::cout << "FairBranch groups at tau " << std::setprecision(2) << m_tau << ": "
                  << engine::taskGroupsText(last, m_tau, conflict.taskNames) << "\n";
    }

    if (!m_csv.empty() && !writeText(m_csv, engine::storedConflictCsv(conflict)))
        return ExitRunFailed;
    if (!m_boxesCsv.empty() && !writeText(m_boxesCsv, engine::angleBoxesCsv(conflict, m_maxBoxes)))
        return ExitRunFailed;
    return ExitOk;
}

} // namespace mtw::cli
