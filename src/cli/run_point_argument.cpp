#include "cli/run_point_argument.h"

#include "engine/run_reader.h"
#include "engine/run_store.h"

#include <filesystem>

namespace mtw::cli {

RunPointArgument resolveRunPoint(const std::string& spec)
{
    RunPointArgument argument;
    const std::size_t at = spec.rfind('@');
    argument.directory = at == std::string::npos ? spec : spec.substr(0, at);
    const std::string which = at == std::string::npos ? "end" : spec.substr(at + 1);
    const std::string name = std::filesystem::path(argument.directory).filename().string();
    argument.experiment = engine::readRun(argument.directory).experiment;
    if (which == "end") {
        argument.point = engine::runEndPoint(argument.directory);
        argument.label = name + " end";
    } else if (which == "start") {
        argument.point = engine::runStartPoint(argument.directory, argument.experiment);
        argument.label = name + " start";
    } else {
        std::size_t used = 0;
        long long step = -1;
        try {
            step = std::stoll(which, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != which.size() || step < 0)
            throw engine::RunStoreError("'" + spec + "': after '@' comes start, end or a step, not '" + which + "'");
        argument.point = { engine::storedParameters(argument.directory, step), step, "parameter snapshot" };
        argument.label = name + " @" + which;
    }
    return argument;
}

} // namespace mtw::cli
