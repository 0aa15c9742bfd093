// One stylesheet per feature (styles/*.css, in name order). Its own module,
// imported after styles.css: an eager glob's imports are hoisted to the top
// of the module that holds it, and the features must come after the base.
import.meta.glob('./styles/*.css', { eager: true });
