# Makefile - builds libkhabar (static and shared), the khabar command, the
# tests and the benchmarks.  Every .c under src/<stage>/ is part of the
# library and every .c under tests/<stage>/ is one test program, so adding a
# file needs no edit here.
#
#   make                 release build in build/
#   make test            ASan+UBSan build in build-san/, runs every test
#   make bench           release build, runs bench/*.c
#   make install PREFIX=/usr/local
#   make lint            cppcheck and clang-format --dry-run
#
# BUILD=dir picks another output folder (parallel work trees share a tree).

VERSION := 0.1.0
PREFIX  ?= /usr/local
SAN     ?= 0

ifeq ($(SAN),1)
BUILD   ?= build-san
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined -DKH_FAULT_INJECT
LDSAN   := -fsanitize=address,undefined
else
BUILD   ?= build
OPT     := -O2 -g
LDSAN   :=
endif

CC      ?= cc
PKGS    := sqlite3 libutf8proc gumbo jansson libmicrohttpd zlib libxxhash
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wvla \
           -fPIC -fvisibility=hidden $(OPT) -Iinclude -Isrc \
           $(shell pkg-config --cflags $(PKGS)) -DKH_VERSION='"$(VERSION)"' -DKH_MODELS_DIR='"$(PREFIX)/share/khabar"'
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lstemmer -lm -lpthread

LIB_SRC   := $(sort $(wildcard src/*/*.c)) src/khabar.c
LIB_SRC   := $(filter-out src/cli/%,$(LIB_SRC))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/*/*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c bench/*/*.c))
EX_SRC    := $(sort $(wildcard examples/*.c))

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
EX_BIN    := $(patsubst examples/%.c,$(BUILD)/examples/%,$(EX_SRC))

.PHONY: all test test-bins bench install lint clean
all: $(BUILD)/libkhabar.a $(BUILD)/libkhabar.so $(BUILD)/khabar

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libkhabar.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libkhabar.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LDSAN) $(LDLIBS)

$(BUILD)/khabar: $(CLI_OBJ) $(BUILD)/libkhabar.a
	$(CC) -o $@ $(CLI_OBJ) $(BUILD)/libkhabar.a $(LDSAN) $(LDLIBS)

# Tests see the internal headers and link the static library.
$(BUILD)/tests/%: tests/%.c tests/test.h $(BUILD)/libkhabar.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libkhabar.a $(LDSAN) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libkhabar.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libkhabar.a $(LDSAN) $(LDLIBS)

# Examples may use only the public header.
$(BUILD)/examples/%: examples/%.c $(BUILD)/libkhabar.a
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Isrc,$(CFLAGS)) -o $@ $< $(BUILD)/libkhabar.a $(LDSAN) $(LDLIBS)

test-bins: all $(TEST_BIN) $(EX_BIN)

SANBUILD ?= build-san
test:
	$(MAKE) SAN=1 BUILD=$(SANBUILD) test-bins
	BUILD=$(SANBUILD) sh tests/run.sh

bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/share/khabar
	install -m 755 $(BUILD)/khabar $(DESTDIR)$(PREFIX)/bin/khabar
	install -m 644 $(BUILD)/libkhabar.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libkhabar.so $(DESTDIR)$(PREFIX)/lib/libkhabar.so.$(VERSION)
	ln -sf libkhabar.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libkhabar.so
	install -m 644 include/khabar.h $(DESTDIR)$(PREFIX)/include/khabar.h
	if [ -d models ]; then cp -r models/. $(DESTDIR)$(PREFIX)/share/khabar/; fi
	install -d $(DESTDIR)$(PREFIX)/share/khabar/web
	cp -r web/. $(DESTDIR)$(PREFIX)/share/khabar/web/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@PKGS@|$(PKGS)|' khabar.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/khabar.pc

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr --suppress=missingIncludeSystem -Iinclude -Isrc src
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) \
	  $(wildcard include/*.h src/*/*.h tests/*.h)

clean:
	rm -rf build build-san $(BUILD) $(SANBUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
