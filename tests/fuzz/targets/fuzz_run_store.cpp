// The run store's readers (engine/run_store.h): the bytes become run.sqlite in a run folder whose
// experiment.json is a fixed valid toy experiment, and everything the GUI and the CLI read from a
// run is read: RunFollower (meta schema, tasks, steps with their per-task rows, extras, matrices,
// evaluations, factors; polled in small chunks as the GUI follows a run), RunQuantities (readRun's
// evaluations, every per-step series and its summaries, as studies and `mtw-cli aggregate` read
// them) and the factor rows of `mtw-cli factors` / transfer. RunStoreError is the only refusal.
#include "engine/factor_transfer.h"
#include "engine/run_follower.h"
#include "engine/run_quantities.h"
#include "engine/run_store.h"
#include "fuzz_support.h"

#include <filesystem>

namespace {

// A fresh run folder per process; the database's side files are removed before every input, so
// no input sees what the previous one left (a -wal file would be replayed into the next one).
const std::string& runFolder()
{
    static const std::string folder = [] {
        const std::string path = mtw::fuzz::scratch() + "/run";
        std::filesystem::create_directories(path);
        mtw::fuzz::writeFile(path + "/experiment.json",
            R"({"name": "toy", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"}, "training": {"steps": 100}})");
        return path;
    }();
    return folder;
}

// Each reader on its own, as the GUI and the CLI use them: one refusing the store must not hide
// what another does with it.
void readAsTheGuiFollows(const std::string& folder)
{
    mtw::engine::RunFollower follower(folder);
    // Bounded: a chunk delivers at least one step, and the seeds have a handful.
    for (int chunk = 0; chunk < 64; ++chunk)
        if (!follower.poll(3) || !follower.hasMore())
            break;
}

void readAsStudiesDo(const std::string& folder)
{
    using namespace mtw::engine;
    RunQuantities quantities(folder);
    for (const QuantityInfo& info : quantities.list()) // every series as mean, last and tail10
        quantities.value(info.name);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mtw;
    const std::string& folder = runFolder();
    for (const char* side : { "/run.sqlite-wal", "/run.sqlite-shm", "/run.sqlite-journal" }) {
        std::error_code ignored;
        std::filesystem::remove(folder + side, ignored);
    }
    fuzz::writeFile(folder + "/run.sqlite", fuzz::bytesOf(data, size));
    fuzz::expectOnly<engine::RunStoreError>([&] { readAsTheGuiFollows(folder); });
    fuzz::expectOnly<engine::RunStoreError>([&] { readAsStudiesDo(folder); });
    fuzz::expectOnly<engine::RunStoreError>([&] { engine::readRunFactors(folder); });
    return 0;
}
