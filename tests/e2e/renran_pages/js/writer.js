// The text as HTML, as mavon-editor renders it for html_content: headings, images and paragraphs, escaped.
function render_markdown(text) {
    function escape(s) {
        return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    }
    return text.split('\n').filter(line => line.trim()).map(line => {
        var image = /^!\[([^\]]*)\]\(([^)\s]+)\)$/.exec(line.trim());
        if (image) {
            return '<p><img src="' + escape(image[2]) + '" alt="' + escape(image[1]) + '"></p>';
        }
        var heading = /^(#{1,6})\s+(.*)$/.exec(line);
        if (heading) {
            var level = heading[1].length;
            return '<h' + level + '>' + escape(heading[2]) + '</h' + level + '>';
        }
        return '<p>' + escape(line) + '</p>';
    }).join('\n');
}

function today() {
    var d = new Date();
    var pad = n => (n < 10 ? '0' : '') + n;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

var Writer = {
    template: '#writer-tpl',
    data: function () {
        return {collection_list: [], current_collection: null, article_list: [], current_article: null,
            new_collection: false, collection_name: '', title: '', content: '', move_to: '', message: '',
            error: ''};
    },
    computed: {
        other_collections: function () {
            return this.collection_list.filter(c => !this.current_collection || c.id !== this.current_collection.id);
        }
    },
    created: function () {
        this.$axios.get(this.$settings.Host + '/article/collection/', {headers: this.auth()}).then(response => {
            this.collection_list = response.data;
            if (this.collection_list.length) {
                this.select_collection(this.collection_list[0]);
            }
        }).catch(error => {
            this.error = error_message(error);
        });
    },
    methods: {
        done: function (message) {
            this.error = '';
            this.message = message;
        },
        failed: function (error) {
            this.message = '';
            this.error = error_message(error);
        },
        add_collection: function () {
            var body = {name: this.collection_name};
            this.$axios.post(this.$settings.Host + '/article/collection/', body, {headers: this.auth()})
                .then(response => {
                    this.collection_list.push(response.data);
                    this.new_collection = false;
                    this.collection_name = '';
                    this.done('新增文集成功');
                    this.select_collection(response.data);
                }).catch(this.failed);
        },
        select_collection: function (collection) {
            this.current_collection = collection;
            this.current_article = null;
            var url = this.$settings.Host + '/article/collection/' + collection.id + '/articles/';
            this.$axios.get(url, {headers: this.auth()}).then(response => {
                this.article_list = response.data;
            }).catch(this.failed);
        },
        add_article: function () {
            var url = this.$settings.Host + '/article/collection/' + this.current_collection.id + '/articles/';
            this.$axios.post(url, {insert: true, title: today()}, {headers: this.auth()}).then(response => {
                this.article_list.unshift(response.data);
                this.done('新建文章成功');
                this.select_article(response.data);
            }).catch(this.failed);
        },
        select_article: function (article) {
            this.current_article = article;
            this.title = article.title;
            this.content = article.content || '';
            this.move_to = '';
        },
        upload_image: function (event) {
            var file = event.target.files[0];
            if (!file) {
                return;
            }
            var form = new FormData();
            form.append('image', file);
            this.$axios.post(this.$settings.Host + '/article/image/', form, {headers: this.auth()})
                .then(response => {
                    this.content += (this.content ? '\n' : '') + '![' + file.name + '](' + response.data.image + ')\n';
                    this.done('图片上传成功');
                }).catch(this.failed);
            event.target.value = '';
        },
        save: function () {
            var article = this.current_article;
            var body = {title: this.title, content: this.content, html_content: render_markdown(this.content)};
            this.$axios.put(this.$settings.Host + '/article/' + article.id + '/info/', body, {headers: this.auth()})
                .then(() => {
                    article.title = this.title;
                    article.content = this.content;
                    this.done('保存成功');
                }).catch(this.failed);
        },
        move: function () {
            var article = this.current_article;
            var body = {collection: Number(this.move_to)};
            this.$axios.put(this.$settings.Host + '/article/' + article.id + '/', body, {headers: this.auth()})
                .then(() => {
                    this.article_list = this.article_list.filter(a => a.id !== article.id);
                    this.current_article = null;
                    this.done('移动文章成功');
                }).catch(this.failed);
        },
        toggle_publish: function () {
            var article = this.current_article;
            this.$axios.patch(this.$settings.Host + '/article/' + article.id + '/', null, {headers: this.auth()})
                .then(response => {
                    article.is_public = response.data.article.is_public;
                    article.status = response.data.article.status;
                    this.done(article.is_public ? '发布成功' : '已设为私密');
                }).catch(this.failed);
        }
    }
};

// The specials (专题) the writer manages, and whether the article is in each; 投稿 adds it.
var Special = {
    template: '#special-tpl',
    data: function () {
        return {article_id: this.$route.query.article_id, special_list: [], message: '', error: ''};
    },
    created: function () {
        var params = {article_id: this.article_id};
        this.$axios.get(this.$settings.Host + '/article/special/', {params: params, headers: this.auth()})
            .then(response => {
                this.special_list = response.data;
            }).catch(error => {
                this.error = error_message(error);
            });
    },
    methods: {
        post: function (special) {
            // The ids as the page holds them: from the URL, a string
            var body = {article_id: this.article_id, special_id: String(special.id)};
            this.$axios.post(this.$settings.Host + '/article/post/', body, {headers: this.auth()})
                .then(response => {
                    special.post_status = true;
                    this.message = response.data.detail;
                }).catch(error => {
                    this.error = error_message(error);
                });
        }
    }
};
