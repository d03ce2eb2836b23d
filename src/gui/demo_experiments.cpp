#include "gui/demo_experiments.h"

#include "mtl/method_registry.h"

namespace mtw::gui {

QStringList demoComparisonMethods()
{
    QStringList methods;
    for (const char* id : { "ew", "mgda", "pcgrad", "cagrad", "upgrad" })
        if (mtl::MethodRegistry::instance().find(id))
            methods << QString::fromLatin1(id);
    return methods;
}

engine::Experiment withMethod(const engine::Experiment& experiment, const std::string& method)
{
    engine::Experiment copy = experiment;
    if (copy.method != method)
        copy.methodParams.clear();
    copy.method = method;
    const std::string suffix = "-" + experiment.method;
    std::string base = experiment.name;
    if (base.size() > suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
        base.resize(base.size() - suffix.size());
    copy.name = base + "-" + method;
    return copy;
}

std::vector<engine::Experiment> demoExperiments(long long steps)
{
    engine::Experiment demo = engine::demoExperiment();
    demo.threads = 1; // the toy has no parallel work; leave the other core to the GUI
    if (steps > 0)
        demo.steps = steps;
    std::vector<engine::Experiment> experiments { demo };
    for (const QString& method : demoComparisonMethods())
        experiments.push_back(withMethod(demo, method.toStdString()));
    return experiments;
}

} // namespace mtw::gui
