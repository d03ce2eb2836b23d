#include "session/session_types.h"

namespace mtw::session {

void registerSessionTypes()
{
    qRegisterMetaType<engine::SnapshotPtr>("mtw::engine::SnapshotPtr");
    qRegisterMetaType<engine::Experiment>("mtw::engine::Experiment");
    qRegisterMetaType<RunResult>("mtw::session::RunResult");
}

} // namespace mtw::session
