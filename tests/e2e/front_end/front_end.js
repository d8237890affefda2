// What the course front-ends do: fetch the API on another origin, cookies included; the test drives these calls.
"use strict";

window.shop = {
  api: new URLSearchParams(window.location.search).get("api"),

  // One API call; a CORS refusal or a network error comes back as status 0 with the browser's error.
  async call(method, path, body, headers) {
    const init = { method: method, credentials: "include", headers: Object.assign({}, headers || {}) };
    if (body !== null && body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    try {
      const response = await fetch(this.api + path, init);
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : null,
        cartId: response.headers.get("X-Cart-Id"),
        requestId: response.headers.get("X-Request-Id"),
      };
    } catch (error) {
      return { status: 0, error: String(error) };
    }
  },

  // The renran editor's upload: the presigned form's fields, then the file, posted straight to the bucket.
  async upload(form, base64, contentType) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) {
      data.append(name, value);
    }
    data.append("file", new Blob([bytes], { type: contentType }), "image.png");
    try {
      const response = await fetch(form.url, { method: "POST", body: data });
      return { status: response.status };
    } catch (error) {
      return { status: 0, error: String(error) };
    }
  },

  // Load an image the way a page shows it; its natural size, or an error when it does not load.
  loadImage(url) {
    return new Promise((resolve) => {
      const image = new Image();
      image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
      image.onerror = () => resolve({ error: "the image did not load: " + url });
      image.src = url;
    });
  },
};
