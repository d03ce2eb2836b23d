#pragma once
// The runs table's filter: whitespace-separated terms that a row must all satisfy.
//   text            some column's text contains it (case-insensitive): "mgda", "finished"
//   COLUMN<OP>VALUE a column compared with a number (<, <=, >, >=, =, !=) or, with = and !=, a
//                   text (case-insensitive equality): "optimizer.lr<=0.001", "Steps>=1000",
//                   "method.name=mgda", "Tags=baseline". COLUMN is a header's text without spaces
//                   ("Meanfinalloss" or "mean_final_loss" for "Mean final loss"), any case.
// Numbers compare through the model's sort role, so "1e-3" and "0.001" are the same value.
#include <QSortFilterProxyModel>
#include <QString>
#include <QVector>

namespace mtw::gui {

class RunsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setQuery(const QString& query);
    const QString& query() const { return m_query; }
    // Why the query cannot be applied ("no column 'lrate'"); empty when it is fine.
    const QString& problem() const { return m_problem; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    struct Term {
        int column = -1; // -1: free text in any column
        QString op;
        QString text;
        double number = 0;
        bool numeric = false;
    };
    bool accepts(const Term& term, int row) const;
    int columnNamed(const QString& name) const;

    QString m_query;
    QString m_problem;
    QVector<Term> m_terms;
};

} // namespace mtw::gui
