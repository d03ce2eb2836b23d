// Checkpoints: a run interrupted and resumed from a checkpoint ends bit for bit where the
// uninterrupted run ends, for stateful methods (moments, loss scales, random weights), every
// training mode and both optimizers; damaged files and checkpoints of another experiment are
// refused with the reason (crafted lengths too); threads may change on resume; a run writes its
// checkpoint periodically and at the end.
#include "engine/checkpoint.h"
#include "engine/trainer.h"
#include "synthetic_experiment.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdint>
#include <fstream>

using namespace mtw;

namespace {

engine::Experiment synthetic(const std::string& method, const std::string& mode, const std::string& optimizer)
{
    engine::Experiment e = test::syntheticExperiment(method, 3, 1, 21);
    e.name = "resume";
    e.mode = mode;
    if (mode == "selective_groups")
        e.modeParams = { { "warmup", 8LL } };
    e.optimizer.type = optimizer;
    e.optimizer.momentum = optimizer == "sgd" ? 0.9 : 0.0;
    e.optimizer.learningRate = optimizer == "sgd" ? 0.02 : 3e-3;
    e.steps = 40; // epochs of 9 steps, so the resume crosses epochs
    return e;
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private slots:
    void resumeIsBitIdentical_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("optimizer");
        QTest::newRow("uw adam") << "uw"
                                 << "joint"
                                 << "adam";
        QTest::newRow("famo adam") << "famo"
                                   << "joint"
                                   << "adam";
        QTest::newRow("nash_mtl sgd-momentum") << "nash_mtl"
                                               << "joint"
                                               << "sgd";
        QTest::newRow("rlw (random weights)") << "rlw"
                                              << "joint"
                                              << "adam";
        QTest::newRow("pcgrad (random order)") << "pcgrad"
                                               << "joint"
                                               << "adam";
        QTest::newRow("moco") << "moco"
                              << "joint"
                              << "adam";
        QTest::newRow("dwa") << "dwa"
                             << "joint"
                             << "adam";
        QTest::newRow("alternating") << "ew"
                                     << "alternating"
                                     << "adam";
        QTest::newRow("selective groups") << "ew"
                                          << "selective_groups"
                                          << "adam";
        QTest::newRow("task sam mgda") << "mgda"
                                       << "task_sam"
                                       << "adam";
        QTest::newRow("task sam gradvac") << "gradvac"
                                          << "task_sam"
                                          << "sgd";
    }
    void resumeIsBitIdentical()
    {
        QFETCH(QString, method);
        QFETCH(QString, mode);
        QFETCH(QString, optimizer);
        const engine::Experiment e = synthetic(method.toStdString(), mode.toStdString(), optimizer.toStdString());
        engine::Trainer straight(e);
        QVERIFY(straight.advance(40).empty());

        QTemporaryDir dir;
        const std::string path = dir.filePath("run.mtwck").toStdString();
        {
            engine::Trainer first(e);
            QVERIFY(first.advance(17).empty());
            first.saveCheckpoint(path);
        }
        engine::Trainer resumed(e);
        resumed.restoreCheckpoint(path);
        QCOMPARE(resumed.stepsDone(), 17LL);
        QVERIFY(resumed.advance(23).empty());
        QVERIFY2(resumed.parameters() == straight.parameters(),
            qPrintable(QString("max difference %1")
                           .arg((resumed.parameters() - straight.parameters()).cwiseAbs().maxCoeff())));
    }

    void runWritesCheckpointsAndCanBeExtended()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.mtwck").toStdString();
        engine::Experiment e = synthetic("uw", "joint", "adam");
        e.steps = 20;
        engine::Trainer trainer(e);
        trainer.setCheckpointing(path, { 7, 0, {} });
        QCOMPARE(trainer.run().status, engine::RunStatus::Finished);
        const engine::Checkpoint written = engine::Checkpoint::read(path);
        QCOMPARE(written.vector("step").at(0), 20.0); // the end overwrote step 14's (and step 0's)

        // Extending the budget: 20 + 20 steps equal 40 straight.
        engine::Experiment longer = e;
        longer.steps = 40;
        engine::Trainer extended(longer);
        extended.restoreCheckpoint(path);
        QCOMPARE(extended.run().status, engine::RunStatus::Finished);
        engine::Trainer straight(longer);
        QCOMPARE(straight.run().status, engine::RunStatus::Finished);
        QVERIFY(extended.parameters() == straight.parameters());
    }

    void damagedFilesAreRefused()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.mtwck").toStdString();
        const engine::Experiment e = synthetic("ew", "joint", "adam");
        engine::Trainer trainer(e);
        QVERIFY(trainer.advance(3).empty());
        trainer.saveCheckpoint(path);
        std::string bytes;
        {
            std::ifstream in(path, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        const auto expectError = [&](const std::string& content, const QString& reason) {
            {
                std::ofstream out(path, std::ios::binary | std::ios::trunc);
                out << content;
            }
            engine::Trainer target(e);
            try {
                target.restoreCheckpoint(path);
                QFAIL("accepted");
            } catch (const engine::CheckpointError& error) {
                QVERIFY2(QString(error.what()).contains(reason), error.what());
            }
        };
        expectError(bytes.substr(0, bytes.size() / 2), "truncated");
        std::string flipped = bytes;
        flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x5a);
        expectError(flipped, "corrupted");
        expectError("not a checkpoint at all", "bad header");
        try {
            engine::Trainer target(e);
            target.restoreCheckpoint(dir.filePath("missing.mtwck").toStdString());
            QFAIL("accepted");
        } catch (const engine::CheckpointError& error) {
            QVERIFY(QString(error.what()).contains("missing.mtwck"));
        }
    }

    void anotherExperimentIsRefused()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.mtwck").toStdString();
        engine::Trainer trainer(synthetic("ew", "joint", "adam"));
        QVERIFY(trainer.advance(2).empty());
        trainer.saveCheckpoint(path);
        engine::Experiment other = synthetic("ew", "joint", "adam");
        other.optimizer.learningRate = 0.5;
        engine::Trainer target(other);
        try {
            target.restoreCheckpoint(path);
            QFAIL("accepted");
        } catch (const engine::CheckpointError& error) {
            // Names the key path that differs and both values.
            QVERIFY2(QString(error.what()).contains("optimizer.lr is 0.003 in the checkpoint, 0.5 now"), error.what());
        }
        QCOMPARE(target.stepsDone(), 0LL);
    }

    // Issue 9, finding 8: threads never change results, so a resume may use another count.
    void resumeWithOtherThreadCountIsAccepted()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run.mtwck").toStdString();
        engine::Experiment e = synthetic("ew", "joint", "adam");
        engine::Trainer straight(e);
        QVERIFY(straight.advance(10).empty());
        {
            engine::Trainer first(e);
            QVERIFY(first.advance(4).empty());
            first.saveCheckpoint(path);
        }
        e.threads = 2;
        engine::Trainer resumed(e);
        resumed.restoreCheckpoint(path);
        QVERIFY(resumed.advance(6).empty());
        QVERIFY(resumed.parameters() == straight.parameters());
    }

    // Issue 9, finding 6: a crafted length field must be refused at once, never loop or wrap.
    void craftedLengthsAreRefused()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("crafted.mtwck").toStdString();
        const auto refused = [&](std::uint8_t kind, std::uint32_t keyLength, std::uint64_t count) {
            std::string bytes = "MTWCKPT1";
            bytes += static_cast<char>(kind);
            bytes.append(reinterpret_cast<const char*>(&keyLength), 4);
            bytes += std::string(std::min<std::uint32_t>(keyLength, 3), 'k');
            bytes.append(reinterpret_cast<const char*>(&count), 8);
            bytes += std::string(64, '\0');
            {
                std::ofstream out(path, std::ios::binary | std::ios::trunc);
                out << bytes;
            }
            try {
                engine::Checkpoint::read(path);
                return false;
            } catch (const engine::CheckpointError& error) {
                return QString(error.what()).contains("truncated");
            }
        };
        QVERIFY(refused(2, 3, ~0ULL)); // count * 8 wraps to a small number
        QVERIFY(refused(2, 3, (~0ULL >> 3) + 2));
        QVERIFY(refused(1, 3, ~0ULL - 4)); // m_at + count wraps
        QVERIFY(refused(1, 0xffffffffu, 1));
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
