#pragma once
// Groups the names of a run's extras into families that make sense on one chart:
//  * "<prefix>:<rest>" (training modes: "sharpness:<task>", "flatness_norm:<task>", "group:<task>",
//    "affinity:<source>><target>") -> family <prefix>, members in task order, labelled <rest>;
//  * "<stem>_<k>" (methods' per-task internals: "log_variance_0", "z_1", "alpha_2") -> family
//    <stem>, members in numeric order, labelled with task k's name (methods index by task);
//  * anything else ("active_set_iterations", "groups") -> a family of its own.
// Families are ordered: per-task families by name, affinity last among them (T^2 lines), then
// single numbers by name.
#include <QList>
#include <QString>
#include <QStringList>

namespace mtw::gui {

struct ExtraFamily {
    enum class Kind { Prefixed, Indexed, Single };
    QString name;
    Kind kind = Kind::Single;
    QStringList members; // full extra names
    QStringList labels; // legend text, one per member
};

QList<ExtraFamily> groupExtraFamilies(const QStringList& names, const QStringList& taskNames);

// The family a chart should show first: per-task sharpness (task SAM) when present, then the
// affinity (selective groups), else the first family.
int defaultExtraFamily(const QList<ExtraFamily>& families);

} // namespace mtw::gui
