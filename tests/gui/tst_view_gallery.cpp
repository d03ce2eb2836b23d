// Every standard view on real runs (CAGrad toy with two methods through engine::Trainer, and a
// 3-task synthetic network): nothing empty, everything exports. With MTW_VIEW_SCREENSHOT_DIR set
// it leaves screen grabs and exported PNGs there for a human to look at.
#include "engine/trainer.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/charts/surface_panel.h"
#include "gui/views/landscape_view.h"
#include "gui/views/standard_views.h"
#include "gui/views/study_view.h"
#include "tst_view_support.h"

#include <QDir>
#include <QPainter>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {
class Collector final : public engine::Observer {
public:
    void onSnapshot(const engine::SnapshotPtr& s) override { snapshots.push_back(s); }
    std::vector<engine::SnapshotPtr> snapshots;
};

gui::RunHistoryPtr train(const QString& name, const std::string& json)
{
    const engine::Experiment e = engine::experimentFromJsonText(json);
    engine::Trainer trainer(e);
    Collector c;
    trainer.setObserver(&c);
    trainer.run();
    auto run = std::make_shared<gui::RunHistory>(name, e);
    for (const auto& s : c.snapshots)
        run->append(s);
    return run;
}

std::string toyJson(const std::string& method, int steps)
{
    return R"({"schema": "mtw-experiment/1", "name": ")" + method
        + R"(", "problem": {"type": "cagrad_toy", "params": {"start": [-8.5, 7.5]}},
      "method": {"name": ")"
        + method + R"("}, "optimizer": {"type": "adam", "lr": 0.001},
      "training": {"steps": )"
        + std::to_string(steps) + R"(, "seed": 0, "threads": 1},
      "evaluation": {"every": 100}, "diagnostics": {"record_every": 1, "matrix_every": 50}})";
}
} // namespace

class TestViewGallery : public QObject {
    Q_OBJECT
private:
    QString m_dir;
    QTemporaryDir m_temp;

    void shoot(const QList<gui::RunView*>& views, const QString& prefix)
    {
        for (gui::RunView* v : views) {
            if (qobject_cast<gui::StudyView*>(v))
                continue; // reads stored run directories, which these in-memory runs lack (tst_study_view)
            const QString name = prefix + "_" + v->title().toLower().replace(QRegularExpression("[^a-z0-9]+"), "_");
            QImage grab = v->grab().toImage();
            // grab() leaves the 3-D window container blank: paint the rendered surface over it.
            if (auto* l = qobject_cast<gui::LandscapeView*>(v);
                l && l->surface()->isActive() && l->surface()->isVisible()) {
                QPainter p(&grab);
                const QRect r(l->surface()->mapTo(v, QPoint(0, 0)), l->surface()->size());
                p.drawImage(r, l->surface()->image(r.size()));
            }
            QVERIFY(grab.save(m_dir + "/" + name + "_screen.png"));
            QString error;
            gui::ExportOptions o;
            o.title = v->title() + " — " + prefix;
            QVERIFY2(v->exportFigure(m_dir + "/" + name + "_export.png", o, &error), qPrintable(error));
            QVERIFY2(v->exportFigure(m_dir + "/" + name + "_export.svg", o, &error), qPrintable(error));
            QVERIFY2(v->exportCsv(m_dir + "/" + name + ".csv", &error), qPrintable(error));
            QVERIFY(test::distinctColours(grab) > 8);
        }
    }

    void showAll(const QList<gui::RunView*>& views, const QList<gui::RunHistoryPtr>& runs, QTabWidget& tabs)
    {
        for (gui::RunView* v : views) {
            tabs.addTab(v, v->title());
            v->setRuns(runs);
            v->refresh();
        }
        tabs.resize(1280, 860);
        tabs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tabs));
        auto* landscape = qobject_cast<gui::LandscapeView*>(views[3]);
        QTRY_VERIFY_WITH_TIMEOUT(landscape->isFinished(), 120000);
    }

private slots:
    void initTestCase()
    {
        m_dir = qEnvironmentVariable("MTW_VIEW_SCREENSHOT_DIR", m_temp.path());
        QDir().mkpath(m_dir);
    }

    void toyRuns()
    {
        auto cagrad = train("cagrad", toyJson("cagrad", 4000));
        auto mgda = train("mgda", toyJson("mgda", 4000));
        QVERIFY(cagrad->recordedSteps() == 4000);
        QTabWidget tabs;
        const QList<gui::RunView*> views = gui::createStandardViews(&tabs);
        showAll(views, { cagrad, mgda }, tabs);
        for (gui::RunView* v : views) {
            tabs.setCurrentWidget(v);
            QTest::qWait(50);
        }
        shoot(views, "toy");
        auto* landscape = qobject_cast<gui::LandscapeView*>(views[3]);
        if (gui::SurfacePanel::openGlAvailable()) {
            landscape->findChild<QTabWidget*>()->setCurrentIndex(1);
            tabs.setCurrentWidget(landscape);
            QTest::qWait(300);
            QVERIFY(landscape->surface()->image(QSize(640, 480)).save(m_dir + "/toy_landscape_3d.png"));
        }
    }

    void networkRun()
    {
        const std::string json
            = R"({"schema": "mtw-experiment/1", "name": "family", "problem": {"type": "synthetic_family",
            "params": {"tasks": 3, "samples": 2000, "features": 16}}, "method": {"name": "upgrad"},
            "optimizer": {"type": "adam", "lr": 0.003}, "training": {"steps": 600, "batch_size": 64, "seed": 1, "threads": 1},
            "evaluation": {"every": 50}, "diagnostics": {"record_every": 1, "matrix_every": 20}})";
        auto run = train("upgrad", json);
        QCOMPARE(run->taskCount(), 3);
        QTabWidget tabs;
        const QList<gui::RunView*> views = gui::createStandardViews(&tabs);
        showAll(views, { run }, tabs);
        for (gui::RunView* v : views) {
            tabs.setCurrentWidget(v);
            QTest::qWait(50);
        }
        shoot(views, "network");
    }
};

QTEST_MAIN(TestViewGallery)
#include "tst_view_gallery.moc"
