// Editor side of the "Furrow lesson" block (no build step: WordPress globals only). The block
// is dynamic: PHP renders it, with a fresh embed token for whoever reads the page.
(function (blocks, element, blockEditor, components, i18n) {
  var el = element.createElement;
  var __ = i18n.__;
  blocks.registerBlockType('furrow/lesson', {
    edit: function (props) {
      var a = props.attributes;
      return el('div', blockEditor.useBlockProps({ className: 'furrow-lesson-block' }),
        el(components.Placeholder, { icon: 'welcome-learn-more', label: __('Furrow lesson', 'furrow'), instructions: __('Paste the lesson id from Furrow.', 'furrow') },
          el(components.TextControl, { label: __('Lesson id', 'furrow'), value: a.lessonId, onChange: function (v) { props.setAttributes({ lessonId: v.trim() }); } }),
          el(components.SelectControl, {
            label: __('Language', 'furrow'), value: a.locale,
            options: [{ label: __('Site language', 'furrow'), value: '' }, { label: 'English', value: 'en' }, { label: 'हिन्दी', value: 'hi' }, { label: 'मराठी', value: 'mr' }],
            onChange: function (v) { props.setAttributes({ locale: v }); },
          })));
    },
    save: function () { return null; },
  });
})(window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components, window.wp.i18n);
