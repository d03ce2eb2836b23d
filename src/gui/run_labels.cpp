#include "gui/run_labels.h"

#include "engine/run_quantities.h"

#include <QHash>
#include <algorithm>
#include <map>

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
        out[key] = value.kind == engine::QuantityKind::Number ? QString::number(value.number, 'g', 6) : QString::fromStdString(value.text);
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
    const bool clash = std::count_if(varying.begin(), varying.end(), [&](const std::string& k) { return last(k, 1) == one; }) > 1;
    return QString::fromStdString(clash ? last(key, 2) : one);
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
    const bool allHaveExperiments = std::all_of(runs.begin(), runs.end(), [](const LabelledRun& r) { return r.experiment != nullptr; });
    QStringList labels;
    if (allHaveExperiments) {
        std::vector<Settings> settings;
        std::vector<std::string> keys; // in the first run's order, then new keys of later runs
        for (const LabelledRun& r : runs) {
            settings.push_back(settingsOf(*r.experiment));
            for (const auto& [key, value] : settings.back())
                if (std::find(keys.begin(), keys.end(), key) == keys.end())
                    keys.push_back(key);
        }
        std::vector<std::string> varying;
        for (const std::string& key : keys) {
            if (ignoredKey(key, ignoreSeed))
                continue;
            const auto first = settings.front().find(key);
            const bool differs = std::any_of(settings.begin(), settings.end(), [&](const Settings& s) {
                const auto it = s.find(key);
                return (it == s.end()) != (first == settings.front().end()) || (it != s.end() && it->second != first->second);
            });
            if (differs)
                varying.push_back(key);
        }
        std::stable_partition(varying.begin(), varying.end(), [](const std::string& k) { return k == "method.name"; });
        if (!varying.empty())
            for (const Settings& s : settings) {
                QStringList parts;
                for (const std::string& key : varying) {
                    const auto it = s.find(key);
                    if (it == s.end())
                        continue;
                    parts << (key == "method.name" ? it->second : shortKey(key, varying) + QLatin1Char('=') + it->second);
                }
                if (parts.size() > 4) // a legend entry, not the experiment file
                    parts = parts.mid(0, 4) << QStringLiteral("\u2026");
                labels << parts.join(QStringLiteral(", "));
            }
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
