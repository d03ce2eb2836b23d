#include "gui/run_parameter_points.h"

#include "gui/run_labels.h"

#include <QCoreApplication>

namespace mtw::gui {

core::Vector runStartParameters(const RunHistory& run)
{
    const std::vector<engine::ParameterRecord>& records = run.parameterRecords();
    return !records.empty() && records.front().step == 0 ? records.front().values : core::Vector();
}

std::optional<core::Vector> runEndParameters(const RunHistory& run)
{
    const std::vector<engine::ParameterRecord>& records = run.parameterRecords();
    if (!records.empty() && records.back().step == run.step())
        return records.back().values;
    if (run.currentParameters().size() > 2 && run.status() != engine::RunStatus::Running)
        return run.currentParameters().cast<core::Scalar>();
    return std::nullopt;
}

QString threePointPlaneInputs(const QList<RunHistoryPtr>& runs, engine::LandscapeRequest& request)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("LandscapeView", text); };
    if (runs.size() < 2 || !runs[0] || !runs[1])
        return tr("the three-point plane needs a second run (select two runs)");
    const QStringList labels = runLabels(runs);
    const std::optional<core::Vector> end = runEndParameters(*runs[0]);
    const std::optional<core::Vector> other = runEndParameters(*runs[1]);
    if (!end || !other)
        return tr("the end of %1 is not known yet (a run's end is known once it has ended)")
            .arg(end ? labels[1] : labels[0]);
    request.points = { runStartParameters(*runs[0]), *end, *other };
    request.pointLabels = { (labels[0] + tr(" start")).toStdString(), (labels[0] + tr(" end")).toStdString(),
        (labels[1] + tr(" end")).toStdString() };
    return {};
}

} // namespace mtw::gui
