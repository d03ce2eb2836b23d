// The Trainer's checkpoints: when one is due, writing it after the records it covers, and
// restoring a run from one (parameters, random streams, sampler, method and mode state), refusing
// a checkpoint of another experiment by the first differing key.
#include "engine/checkpoint.h"
#include "engine/trainer.h"
#include "engine/training_mode_registry.h"

#include <chrono>
#include <string>
#include <vector>

namespace mtw::engine {

void Trainer::setCheckpointing(std::string path, CheckpointPolicy policy)
{
    m_checkpointPath = std::move(path);
    m_checkpointPolicy = std::move(policy);
}

bool Trainer::checkpointDue() const
{
    if (m_checkpointPath.empty())
        return false;
    const CheckpointPolicy& p = m_checkpointPolicy;
    if (p.everySteps > 0 && m_step % p.everySteps == 0)
        return true;
    return p.everySeconds > 0
        && std::chrono::duration<double>(std::chrono::steady_clock::now() - m_lastCheckpoint).count() >= p.everySeconds;
}

void Trainer::writeCheckpoint()
{
    // Records first: a checkpoint must never be ahead of the run store, or a run killed right after
    // it would resume with a gap in its records.
    flush(m_control && m_control->paused() ? RunStatus::Paused : RunStatus::Running, {});
    saveCheckpoint(m_checkpointPath);
    m_lastCheckpoint = std::chrono::steady_clock::now();
}

namespace {
std::vector<double> toDoubles(const core::Vector& v)
{
    return std::vector<double>(v.data(), v.data() + v.size());
}
} // namespace

void Trainer::saveCheckpoint(const std::string& path) const
{
    Checkpoint c;
    c.texts["experiment"] = experimentToJsonText(m_experiment);
    c.texts["batch_rng"] = m_batchRng.serialize();
    c.texts["method_rng"] = m_methodRng.serialize();
    for (const auto& [key, fingerprint] : m_checkpointPolicy.inputFingerprints)
        c.texts[key] = fingerprint;
    c.vectors["step"] = { static_cast<double>(m_step) };
    c.vectors["theta"] = toDoubles(m_theta);
    const std::vector<long long> sampler = m_problem->samplerState();
    c.vectors["sampler"] = std::vector<double>(sampler.begin(), sampler.end());
    for (const auto& [key, values] : m_method->state())
        c.vectors["method." + key] = values;
    for (const auto& [key, values] : m_mode->state())
        c.vectors["mode." + key] = values;
    c.write(path);
}

void Trainer::restoreCheckpoint(const std::string& path)
{
    restoreCheckpoint(Checkpoint::read(path), path);
}

void Trainer::restoreCheckpoint(const Checkpoint& c, const std::string& path)
{
    Experiment written;
    try {
        written = experimentFromJsonText(c.text("experiment"));
    } catch (const std::exception& error) {
        throw CheckpointError("checkpoint '" + path + "': its experiment does not load: " + error.what());
    }
    // Steps may grow (an extended run) and threads never change results (fixed-order reductions).
    written.steps = m_experiment.steps;
    written.threads = m_experiment.threads;
    const std::string difference = firstDifference(written, m_experiment);
    if (!difference.empty())
        throw CheckpointError("checkpoint '" + path + "' belongs to another experiment: " + difference
            + "; only training.steps and training.threads may change on resume");
    const std::vector<double>& theta = c.vector("theta");
    if (static_cast<core::Index>(theta.size()) != m_theta.size())
        throw CheckpointError("checkpoint '" + path + "' has " + std::to_string(theta.size())
            + " parameters, the model " + std::to_string(m_theta.size()));
    try {
        for (std::size_t i = 0; i < theta.size(); ++i)
            m_theta(static_cast<core::Index>(i)) = static_cast<core::Scalar>(theta[i]);
        m_batchRng = core::Rng::deserialize(c.text("batch_rng"));
        m_methodRng = core::Rng::deserialize(c.text("method_rng"));
        const std::vector<double>& sampler = c.vector("sampler");
        m_problem->setSamplerState(std::vector<long long>(sampler.begin(), sampler.end()));
        mtl::MethodState method, mode;
        for (const auto& [key, values] : c.vectors) {
            if (key.rfind("method.", 0) == 0)
                method[key.substr(7)] = values;
            else if (key.rfind("mode.", 0) == 0)
                mode[key.substr(5)] = values;
        }
        m_method->setState(method);
        m_mode->setState(mode);
        m_step = static_cast<long long>(c.vector("step").at(0));
    } catch (const CheckpointError&) {
        throw;
    } catch (const std::exception& error) {
        throw CheckpointError("checkpoint '" + path + "': " + error.what());
    }
}

} // namespace mtw::engine
