// The app: hash routes (the pages are static files), the header with the logged-in user, and routes behind login.
var router = new VueRouter({
    mode: 'hash',
    routes: [
        {path: '/', component: Home},
        {path: '/register', component: Register},
        {path: '/login', component: Login},
        {path: '/password/find', component: FindPassword},
        {path: '/password/reset', component: ResetPassword},
        {path: '/oauth/qq/callback', component: QQCallback},
        {path: '/writer', component: Writer, meta: {login: true}},
        {path: '/special', component: Special, meta: {login: true}}
    ]
});

router.beforeEach(function (to, from, next) {
    if (to.meta.login && !store.get('user_token')) {
        next({path: '/login', query: {redirect: to.fullPath}});
    } else {
        next();
    }
});

var app = new Vue({
    el: '#app',
    router: router,
    data: {user_name: store.get('user_nickname') || store.get('user_name')},
    watch: {
        $route: function () {
            this.user_name = store.get('user_nickname') || store.get('user_name');
        }
    },
    methods: {
        logout: function () {
            store.clear();
            this.user_name = '';
            this.$router.push('/login');
        }
    }
});
