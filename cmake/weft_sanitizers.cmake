# ASan + UBSan for every target of this build. The simulator tells ASan about each
# fiber switch (see scheduler/src/fiber/context.cpp), so stacks are tracked correctly.
add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
