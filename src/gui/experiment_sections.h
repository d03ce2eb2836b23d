#pragma once
// Schemas of the experiment's fixed sections (optimizer, schedule, training, evaluation,
// diagnostics), so the dock builds them with the same generated forms as the problem, model and
// method parameters. Names are the experiment file's keys (engine/experiment.h); defaults come
// from engine::Experiment; ranges repeat the file reader's so a bad value is flagged as it is
// typed -- the reader re-checks everything on validation anyway.
#include "core/parameter_schema.h"

#include <QString>
#include <vector>

namespace mtw::gui {

struct ExperimentSection {
    QString key; // "optimizer", "training", ...
    QString title; // group box title
    core::ParameterSchema schema;
};

const std::vector<ExperimentSection>& experimentSections();

} // namespace mtw::gui
