#include "gui/extra_families.h"

#include <QRegularExpression>
#include <algorithm>
#include <map>
#include <tuple>

namespace mtw::gui {

namespace {

// Sort key of a prefixed member: (source task, target task, text); unknown tasks sort last.
struct MemberKey {
    int first = 0;
    int second = 0;
    QString text;
    bool operator<(const MemberKey& o) const
    {
        return std::tie(first, second, text) < std::tie(o.first, o.second, o.text);
    }
};

MemberKey prefixedKey(const QString& rest, const QStringList& taskNames, QString* label)
{
    const int unknown = static_cast<int>(taskNames.size());
    *label = rest;
    if (const qsizetype t = taskNames.indexOf(rest); t >= 0)
        return { static_cast<int>(t), 0, rest };
    // "<source>><target>": try every '>' so task names may contain one.
    for (qsizetype at = rest.indexOf(QLatin1Char('>')); at >= 0; at = rest.indexOf(QLatin1Char('>'), at + 1)) {
        const qsizetype s = taskNames.indexOf(rest.left(at));
        const qsizetype t = taskNames.indexOf(rest.mid(at + 1));
        if (s >= 0 && t >= 0) {
            *label = rest.left(at) + QStringLiteral(" → ") + rest.mid(at + 1);
            return { static_cast<int>(s), static_cast<int>(t), rest };
        }
    }
    return { unknown, 0, rest };
}

int rank(const ExtraFamily& f)
{
    if (f.kind == ExtraFamily::Kind::Single)
        return 2;
    return f.name == QLatin1String("affinity") ? 1 : 0;
}

} // namespace

QList<ExtraFamily> groupExtraFamilies(const QStringList& names, const QStringList& taskNames)
{
    static const QRegularExpression indexed(QStringLiteral("^(.+)_(\\d+)$"));
    std::map<QString, std::map<MemberKey, std::pair<QString, QString>>> prefixed; // family -> key -> (name, label)
    std::map<QString, std::map<long long, QString>> numbered; // stem -> k -> name
    QStringList singles;
    for (const QString& name : names) {
        if (const qsizetype colon = name.indexOf(QLatin1Char(':')); colon > 0) {
            QString label;
            const MemberKey key = prefixedKey(name.mid(colon + 1), taskNames, &label);
            prefixed[name.left(colon)][key] = { name, label };
        } else if (const QRegularExpressionMatch m = indexed.match(name); m.hasMatch()) {
            numbered[m.captured(1)][m.captured(2).toLongLong()] = name;
        } else {
            singles << name;
        }
    }
    QList<ExtraFamily> out;
    for (const auto& [family, members] : prefixed) {
        ExtraFamily f { family, ExtraFamily::Kind::Prefixed, {}, {} };
        for (const auto& entry : members) {
            f.members << entry.second.first;
            f.labels << entry.second.second;
        }
        out << f;
    }
    for (const auto& [stem, members] : numbered) {
        // A lone "<stem>_<k>" whose stem has no siblings is still an indexed family: it is
        // task k's number (e.g. the only task of a one-task run).
        ExtraFamily f { stem, ExtraFamily::Kind::Indexed, {}, {} };
        for (const auto& [k, name] : members) {
            f.members << name;
            f.labels << (k < taskNames.size() ? taskNames[static_cast<qsizetype>(k)] : QString::number(k));
        }
        out << f;
    }
    singles.sort();
    for (const QString& name : singles)
        out << ExtraFamily { name, ExtraFamily::Kind::Single, { name }, { name } };
    std::stable_sort(out.begin(), out.end(), [](const ExtraFamily& a, const ExtraFamily& b) {
        return std::make_pair(rank(a), a.name) < std::make_pair(rank(b), b.name);
    });
    return out;
}

int defaultExtraFamily(const QList<ExtraFamily>& families)
{
    for (const QString& preferred : { QStringLiteral("sharpness"), QStringLiteral("affinity") })
        for (int i = 0; i < families.size(); ++i)
            if (families[i].name == preferred)
                return i;
    return families.isEmpty() ? -1 : 0;
}

} // namespace mtw::gui
