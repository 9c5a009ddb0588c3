# ia32emu view (issue 20): the page's style and script are front/view.css
# and front/view.js, turned into C strings here; tests/e2e/t_view.sh loads
# the pages in headless Chromium (in `make e2e`; `make view-check` alone).

VIEW_ASSETS := $(BUILD)/gen/view_assets.c
VIEW_ASSETS_OBJ := $(BUILD)/obj/gen/view_assets.o

# Each line a C string: backslashes and quotes escaped.
$(VIEW_ASSETS): front/view.css front/view.js mk/view.mk
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q){ echo '/* Generated from front/view.css and front/view.js by mk/view.mk. */'; \
	  echo 'const char view_css[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' front/view.css; \
	  echo ';'; echo 'const char view_js[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' front/view.js; \
	  echo ';'; } >$@

$(VIEW_ASSETS_OBJ): $(VIEW_ASSETS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -Wno-overlength-strings -c $< -o $@

$(LIBEMU): $(VIEW_ASSETS_OBJ)

view-check: $(EMU) programs
	tests/view_deps.sh
	BUILD=$(BUILD) tests/e2e/run.sh tests/e2e/t_view.sh tests/e2e/t_view2.sh

