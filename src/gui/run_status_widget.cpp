#include "gui/run_status_widget.h"

#include "gui/run_entry.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <cmath>

namespace mtw::gui {

RunStatusWidget::RunStatusWidget(QWidget* parent)
    : QWidget(parent)
    , m_progress(new QProgressBar(this))
    , m_label(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFixedWidth(180);
    m_label->setMinimumWidth(360);
    layout->addWidget(m_label);
    layout->addWidget(m_progress);
    showRun(nullptr);
}

QString RunStatusWidget::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("--");
    const long long s = std::llround(seconds);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void RunStatusWidget::showRun(const RunEntry* entry, const QString& batch)
{
    if (!entry) {
        m_label->setText(tr("Idle"));
        m_progress->setValue(0);
        return;
    }
    const QLocale locale;
    const long long total = std::max(1LL, entry->experiment.steps);
    const double rate = entry->history ? entry->history->stepsPerSecond() : 0.0;
    QString text
        = QStringLiteral("%1 \u2014 %2: %3 / %4 steps")
              .arg(entry->name, runStateName(entry->state), locale.toString(entry->steps), locale.toString(total));
    if (entry->state == RunState::Running && rate > 0)
        text += QStringLiteral(" \u00b7 %1 steps/s \u00b7 ETA %2")
                    .arg(locale.toString(rate, 'f', 0),
                        formatDuration(static_cast<double>(total - entry->steps) / rate));
    else if (!isActive(entry->state))
        text += QStringLiteral(" \u00b7 %1").arg(formatDuration(entry->seconds));
    if (!batch.isEmpty())
        text += QStringLiteral("  |  ") + batch;
    m_label->setText(text);
    m_progress->setValue(static_cast<int>(1000 * entry->steps / total));
}

QString RunStatusWidget::text() const
{
    return m_label->text();
}

int RunStatusWidget::progress() const
{
    return m_progress->value();
}

} // namespace mtw::gui
