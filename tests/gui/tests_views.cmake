# Tests of the views family (RunHistory, views/, charts/, export/). Included by
# tests/gui/CMakeLists.txt; run under `xvfb-run -a ctest` so the 3-D checks run (they QSKIP on
# the offscreen platform, which the tests pick themselves when no display is set).
foreach(_t tst_view_history tst_view_charts tst_view_landscape tst_view_gallery tst_transfer_view tst_view_extras tst_vector_export
        tst_figure_export)
    mtw_add_test(${_t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${_t}.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_view_support.h LIBS mtw_gui TIMEOUT 120)
    set_tests_properties(${_t} PROPERTIES LABELS gui)
endforeach()
unset(_t)
