"""The public pages, the API and the exports: views, their URLs, the filters and forms they validate with,
and what pages are made of. May import anything of ``articles``; nothing below imports it."""
