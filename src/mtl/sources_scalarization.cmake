set(MTW_MTL_SCALARIZATION_SOURCES
    equal_weighting.cpp equal_weighting.h
    random_loss_weighting.cpp random_loss_weighting.h
    scalarization_methods.cpp)
