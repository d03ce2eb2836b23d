#include "gui/run_labels.h"

#include "engine/run_quantities.h"

#include <QHash>
#include <algorithm>
#include <map>
#include <set>

namespace mtw::gui {

namespace {

using Settings = std::map<std::string, QString>;

bool ignoredKey(const std::string& key, bool ignoreSeed)
{
    static const char* const always[] = { "name", "training.threads" };
    for (const char* k : always)
        if (key == k)
            return true;
    if (key.rfind("diagnostics.", 0) == 0) // recording cadence, not what is trained
        return true;
    return ignoreSeed && key == "training.seed";
}

Settings settingsOf(const engine::Experiment& experiment)
{
    Settings out;
    for (const auto& [key, value] : engine::experimentSettings(experiment))
        out[key] = value.kind == engine::QuantityKind::Number ? QString::number(value.number, 'g', 6)
                                                              : QString::fromStdString(value.text);
    return out;
}

// The last component of a dotted key, or the last two where two varying keys share the last.
QString shortKey(const std::string& key, const std::vector<std::string>& varying)
{
    const auto last = [](const std::string& k, int parts) {
        std::size_t cut = k.size();
        for (int p = 0; p < parts && cut != std::string::npos; ++p)
            cut = cut == 0 ? std::string::npos : k.rfind('.', cut - 1);
        return cut == std::string::npos ? k : k.substr(cut + 1);
    };
    const std::string one = last(key, 1);
    const bool clash
        = std::count_if(varying.begin(), varying.end(), [&](const std::string& k) { return last(k, 1) == one; }) > 1;
    return QString::fromStdString(clash ? last(key, 2) : one);
}

// The keys (sorted, as the settings are maps; the method first) whose values differ between the
// runs, a key some runs lack included; settings that do not change what is trained left out.
std::vector<std::string> varyingKeys(const std::vector<Settings>& settings, bool ignoreSeed)
{
    std::set<std::string> keys;
    for (const Settings& s : settings)
        for (const auto& [key, value] : s)
            keys.insert(key);
    std::vector<std::string> varying;
    const Settings& first = settings.front();
    for (const std::string& key : keys) {
        const auto reference = first.find(key);
        const bool differs
            = !ignoredKey(key, ignoreSeed) && std::any_of(settings.begin(), settings.end(), [&](const Settings& s) {
                  const auto it = s.find(key);
                  return (it == s.end()) != (reference == first.end())
                      || (it != s.end() && it->second != reference->second);
              });
        if (differs)
            varying.push_back(key);
    }
    std::stable_partition(varying.begin(), varying.end(), [](const std::string& k) { return k == "method.name"; });
    return varying;
}

// "pcgrad, lr=0.01": the run's values of the varying keys it has, at most four.
QString labelOf(const Settings& s, const std::vector<std::string>& varying)
{
    QStringList parts;
    for (const std::string& key : varying)
        if (const auto it = s.find(key); it != s.end())
            parts << (key == "method.name" ? it->second : shortKey(key, varying) + QLatin1Char('=') + it->second);
    if (parts.size() > 4) // a legend entry, not the experiment file
        parts = parts.mid(0, 4) << QStringLiteral("\u2026");
    return parts.join(QStringLiteral(", "));
}

} // namespace

QStringList withoutCommonPrefix(const QStringList& names)
{
    if (names.size() < 2)
        return names;
    int common = static_cast<int>(names.front().size());
    for (const QString& n : names) {
        int i = 0;
        while (i < common && i < n.size() && n[i] == names.front()[i])
            ++i;
        common = i;
    }
    int cut = 0;
    for (int i = 0; i < common; ++i)
        if (QStringLiteral("-_/ .").contains(names.front()[i]))
            cut = i + 1;
    QStringList out;
    for (const QString& n : names)
        out << (n.size() > cut ? n.mid(cut) : n);
    return out;
}

QStringList distinguishingLabels(const QList<LabelledRun>& runs, bool ignoreSeed)
{
    QStringList names;
    for (const LabelledRun& r : runs)
        names << r.name;
    if (runs.size() < 2)
        return names;
    QStringList labels;
    if (std::all_of(runs.begin(), runs.end(), [](const LabelledRun& r) { return r.experiment != nullptr; })) {
        std::vector<Settings> settings;
        for (const LabelledRun& r : runs)
            settings.push_back(settingsOf(*r.experiment));
        const std::vector<std::string> varying = varyingKeys(settings, ignoreSeed);
        if (!varying.empty())
            for (const Settings& s : settings)
                labels << labelOf(s, varying);
    }
    if (labels.isEmpty())
        labels = withoutCommonPrefix(names);
    QHash<QString, int> seen;
    for (QString& label : labels)
        if (const int n = seen[label]++; n > 0)
            label += QStringLiteral(" #%1").arg(n + 1);
    return labels;
}

QStringList runLabels(const QList<RunHistoryPtr>& runs)
{
    QList<LabelledRun> present;
    for (const RunHistoryPtr& run : runs)
        if (run)
            present.append({ run->name(), &run->experiment() });
    const QStringList labels = distinguishingLabels(present);
    QStringList out;
    int k = 0;
    for (const RunHistoryPtr& run : runs)
        out << (run ? labels[k++] : QString());
    return out;
}

} // namespace mtw::gui
