// The experiment file's parser and validator (engine/experiment.h). Besides refusing bad input
// with ExperimentError only, an accepted experiment must survive its own round trip: written back
// as JSON it parses again to the same experiment (what `mtw-cli resume` relies on when it
// compares the checkpoint's experiment with the file's).
#include "engine/experiment.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mtw;
    const std::string text = fuzz::bytesOf(data, size);
    fuzz::expectOnly<engine::ExperimentError>([&] {
        const engine::Experiment experiment = engine::experimentFromJsonText(text);
        const std::string written = engine::experimentToJsonText(experiment);
        engine::Experiment again;
        try {
            again = engine::experimentFromJsonText(written);
        } catch (const engine::ExperimentError& error) {
            fuzz::unexpected("round trip refused", (std::string(error.what()) + "\n" + written).c_str());
        }
        if (const std::string difference = engine::firstDifference(experiment, again, "parsed", "written back");
            !difference.empty())
            fuzz::unexpected("round trip changed the experiment", difference.c_str());
    });
    return 0;
}
