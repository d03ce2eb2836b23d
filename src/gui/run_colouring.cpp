#include "gui/run_colouring.h"

#include "gui/charts/colormap.h"
#include "gui/runs_table_model.h"
#include "gui/views/view_style.h"

#include <QAbstractItemModel>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

QVector<QColor> coloursByColumn(const QAbstractItemModel& model, int column)
{
    const int rows = model.rowCount();
    QVector<QColor> colours(rows);
    if (column < 0 || column >= model.columnCount())
        return colours;
    QVector<QVariant> values(rows);
    bool numeric = true, any = false;
    double low = INFINITY, high = -INFINITY;
    for (int row = 0; row < rows; ++row) {
        values[row] = model.index(row, column).data(RunsTableModel::SortRole);
        if (!values[row].isValid() || values[row].toString().isEmpty())
            continue;
        any = true;
        bool isNumber = false;
        const double v = values[row].toDouble(&isNumber);
        numeric = numeric && isNumber && std::isfinite(v);
        if (isNumber && std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (!any)
        return colours;
    if (numeric) {
        const bool logarithmic = low > 0 && high / low > 100;
        const auto scaled = [logarithmic](double v) { return logarithmic ? std::log10(v) : v; };
        const Colormap map = Colormap::viridis();
        for (int row = 0; row < rows; ++row)
            if (values[row].isValid() && !values[row].toString().isEmpty())
                colours[row] = high > low ? QColor(map.map(scaled(values[row].toDouble()), scaled(low), scaled(high)))
                                          : QColor(map.map(0.5));
        return colours;
    }
    QStringList seen;
    for (int row = 0; row < rows; ++row) {
        const QString text = values[row].toString();
        if (text.isEmpty())
            continue;
        if (!seen.contains(text))
            seen << text;
        colours[row] = style::runColor(static_cast<int>(seen.indexOf(text)));
    }
    return colours;
}

} // namespace mtw::gui
