#pragma once
// A title in a narrow figure: its font shrunk in proportion to the room down to a floor (7 pt:
// still legible in print), and only then the text elided. Qt cut or elided whole titles of narrow
// charts at their full size ("Parallel coordinates (normalised ov..."), where a point or two
// smaller showed them whole.
#include <QFont>
#include <QString>

namespace mtw::gui {

struct FittedText {
    QFont font;
    QString text; // elided when even the floor's size is too wide
};

FittedText fitText(const QString& text, QFont font, double room, double floorPoints = 7);

} // namespace mtw::gui
