#include "analysis/learning_function.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace mtw::analysis {

namespace {
std::string trimmed(const std::string& text)
{
    const std::size_t first = text.find_first_not_of(" \t");
    const std::size_t last = text.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

bool isVariableName(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
        return false;
    for (const char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

LearningTerm parseTerm(const std::string& text)
{
    LearningTerm term;
    if (text == "1")
        return term;
    struct Wrapper {
        const char* prefix;
        LearningTerm::Form form;
    };
    static const Wrapper wrappers[] = { { "1/sqrt(", LearningTerm::Form::InverseSqrt },
        { "sqrt(", LearningTerm::Form::Sqrt }, { "log(", LearningTerm::Form::Log } };
    for (const Wrapper& w : wrappers) {
        const std::string prefix = w.prefix;
        if (text.rfind(prefix, 0) == 0 && text.back() == ')') {
            term.form = w.form;
            term.variable = trimmed(text.substr(prefix.size(), text.size() - prefix.size() - 1));
        }
    }
    if (term.form == LearningTerm::Form::Constant) {
        term.form = text.rfind("1/", 0) == 0 ? LearningTerm::Form::Inverse : LearningTerm::Form::Identity;
        term.variable = trimmed(term.form == LearningTerm::Form::Inverse ? text.substr(2) : text);
    }
    if (!isVariableName(term.variable))
        throw std::invalid_argument("term '" + text + "': expected 1, v, sqrt(v), 1/sqrt(v), log(v) or 1/v");
    return term;
}
} // namespace

std::string LearningTerm::text() const
{
    switch (form) {
    case Form::Constant:
        return "1";
    case Form::Identity:
        return variable;
    case Form::Sqrt:
        return "sqrt(" + variable + ")";
    case Form::InverseSqrt:
        return "1/sqrt(" + variable + ")";
    case Form::Log:
        return "log(" + variable + ")";
    case Form::Inverse:
        return "1/" + variable;
    }
    return "?";
}

double LearningTerm::value(const std::map<std::string, double>& variables) const
{
    if (form == Form::Constant)
        return 1.0;
    const auto it = variables.find(variable);
    if (it == variables.end())
        throw std::invalid_argument("term '" + text() + "': no variable '" + variable + "' in the points");
    const double v = it->second;
    switch (form) {
    case Form::Identity:
        return v;
    case Form::Sqrt:
        return std::sqrt(v);
    case Form::InverseSqrt:
        return 1.0 / std::sqrt(v);
    case Form::Log:
        return std::log(v);
    case Form::Inverse:
        return 1.0 / v;
    case Form::Constant:
        break;
    }
    return 1.0;
}

std::vector<LearningTerm> parseLearningTerms(const std::string& list)
{
    std::vector<LearningTerm> terms;
    std::stringstream items(list);
    std::string item;
    while (std::getline(items, item, ','))
        terms.push_back(parseTerm(trimmed(item)));
    if (terms.empty())
        throw std::invalid_argument("no terms (e.g. " + defaultLearningTerms() + ")");
    return terms;
}

std::string defaultLearningTerms()
{
    return "1, sqrt(n), sqrt(T), sqrt(ami)";
}

std::string LearningFunctionFit::formula() const
{
    std::string text;
    char number[64];
    for (Eigen::Index k = 0; k < coefficients.size(); ++k) {
        const double c = coefficients(k);
        std::snprintf(number, sizeof number, "%.4g", std::abs(c));
        const std::string termText = terms[static_cast<std::size_t>(k)].text();
        text += (k == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ")) + std::string(number)
            + (termText == "1" ? "" : " " + termText);
    }
    return text;
}

double LearningFunctionFit::predict(const std::map<std::string, double>& variables) const
{
    double y = 0;
    for (std::size_t k = 0; k < terms.size(); ++k)
        y += coefficients(static_cast<Eigen::Index>(k)) * terms[k].value(variables);
    return y;
}

LearningFunctionFit fitLearningFunction(const std::vector<std::map<std::string, double>>& points,
    const std::vector<double>& y, const std::vector<LearningTerm>& terms)
{
    const Eigen::Index m = static_cast<Eigen::Index>(points.size());
    const Eigen::Index p = static_cast<Eigen::Index>(terms.size());
    if (static_cast<std::size_t>(m) != y.size())
        throw std::invalid_argument("learning function: one performance value per point is needed");
    if (m < p)
        throw std::invalid_argument("learning function: " + std::to_string(m) + " points for " + std::to_string(p)
            + " terms (at least as many points as terms)");
    Eigen::MatrixXd F(m, p);
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index k = 0; k < p; ++k) {
            F(i, k) = terms[static_cast<std::size_t>(k)].value(points[static_cast<std::size_t>(i)]);
            if (!std::isfinite(F(i, k)))
                throw std::invalid_argument("learning function: term '" + terms[static_cast<std::size_t>(k)].text()
                    + "' is not finite at point " + std::to_string(i + 1));
        }
    const Eigen::VectorXd target = Eigen::Map<const Eigen::VectorXd>(y.data(), m);
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(F);
    if (qr.rank() < p) {
        std::string terms_;
        for (const LearningTerm& term : terms)
            terms_ += (terms_.empty() ? "" : ", ") + term.text();
        throw std::invalid_argument("learning function: the terms (" + terms_
            + ") cannot be told apart on these points (a variable constant over every run?)");
    }
    LearningFunctionFit fit;
    fit.terms = terms;
    fit.coefficients = qr.solve(target);
    fit.fitted = F * fit.coefficients;
    fit.residuals = target - fit.fitted;
    const double rss = fit.residuals.squaredNorm();
    const double tss = (target.array() - target.mean()).matrix().squaredNorm();
    fit.rSquared = tss > 0 ? 1.0 - rss / tss : 1.0;
    const Eigen::Index dof = m - p;
    fit.residualStd = dof > 0 ? std::sqrt(rss / static_cast<double>(dof)) : std::nan("");
    const Eigen::MatrixXd covariance = (F.transpose() * F).inverse();
    fit.standardErrors = (fit.residualStd * fit.residualStd * covariance.diagonal()).cwiseSqrt();
    return fit;
}

} // namespace mtw::analysis
