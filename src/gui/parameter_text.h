#pragma once
// Text <-> schema value conversion for the generated forms: numbers in the C locale (files and
// papers write 1e-3, not 1,0e-3), lists comma-separated ("-8.5, 7.5", brackets optional).
#include "core/parameter_schema.h"

#include <QString>
#include <optional>

namespace mtw::gui {

QString parameterToText(const core::ParameterValue& value);
// A method's display name ("Nash-MTL") from its id; the id itself when no method has it.
QString methodDisplayName(const std::string& id);

// Parses text as the spec's type. Returns nothing and sets *error ("must be a number") when the
// text cannot be read; range checks are left to core::checkParameter.
std::optional<core::ParameterValue> parameterFromText(
    const core::ParameterSpec& spec, const QString& text, QString* error);

// Rich-text tooltip: the documentation, default, range and, for method parameters, the paper.
QString parameterTooltip(const core::ParameterSpec& spec, const QString& citation);

} // namespace mtw::gui
